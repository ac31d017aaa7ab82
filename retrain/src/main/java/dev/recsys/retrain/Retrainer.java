package dev.recsys.retrain;

import dev.recsys.events.ModelUpdate;
import dev.recsys.model.SasrecModel;
import dev.recsys.model.artifact.ArtifactFile;
import dev.recsys.model.artifact.Provenance;
import dev.recsys.model.data.ItemVocabulary;
import dev.recsys.model.eval.EvaluationCase;
import dev.recsys.model.eval.EvaluationResult;
import dev.recsys.model.eval.EvaluationStage;
import dev.recsys.model.eval.Evaluator;
import dev.recsys.model.eval.LeaveOneOut;
import dev.recsys.model.eval.PrefixCatalogueScorer;
import dev.recsys.model.sasrec.SasrecConfig;
import dev.recsys.model.sasrec.SasrecForward;
import dev.recsys.model.sasrec.SasrecScorer;
import dev.recsys.model.sasrec.SasrecWeights;
import dev.recsys.model.train.Trainer;
import dev.recsys.model.train.TrainingResult;
import dev.recsys.model.train.WarmStart;
import dev.recsys.store.feed.TopicFeed;
import dev.recsys.store.kv.Batch;
import dev.recsys.store.kv.KeyValueStore;
import dev.recsys.store.kv.RocksDbStore;
import dev.recsys.store.sequence.SequenceStore;
import dev.recsys.store.vocabulary.VocabularyStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One retraining run: replay the clean topic into the event store (only what is new since the
 * last run), train SASRec on it (warm-started from the serving model when there is one), evaluate
 * the new model and the serving one on the same hold-out, write the artifact, and announce it only
 * if the gate lets it through.
 *
 * <p>Killed during the replay, the next run continues from the offsets stored with the events
 * (nothing applied twice or lost); killed later, it replays nothing new and trains from scratch.
 * Two runs on one store directory at once: the second fails at once, naming the directory.
 */
public final class Retrainer {
  private static final DateTimeFormatter VERSION_TIME =
      DateTimeFormatter.ofPattern("'v'yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final String CANDIDATE = "candidate";
  private static final String SERVING = "serving";

  private final Clock clock;

  public Retrainer() {
    this(Clock.systemUTC());
  }

  /** @param clock names default versions and stamps the artifact */
  public Retrainer(Clock clock) {
    this.clock = clock;
  }

  /**
   * @return what was trained, measured and decided; a model the gate refuses is an outcome, not an error
   * @throws IllegalArgumentException for settings that cannot work: a version already in the model
   *     store, an architecture that differs from the warm-start model's, a store whose vocabulary
   *     conflicts with the serving model's, too little data, a missing topic
   * @throws IOException if another run holds the store, or a file or the broker fails
   */
  public RetrainOutcome run(RetrainSettings settings, RetrainListener listener)
      throws IOException, InterruptedException {
    String version = settings.version() != null ? settings.version() : VERSION_TIME.format(clock.instant());
    Path artifact = settings.modelStore().resolve(version + ".sasrec").toAbsolutePath();
    if (Files.exists(artifact)) {
      throw new IllegalArgumentException("the model store already has version " + version + " (" + artifact
          + "); choose another version");
    }
    try (RunLock lock = RunLock.acquire(settings.storeDir(), version, clock)) {
      if (lock.previousInterrupted()) {
        listener.warning("the last run did not finish (" + lock.previous() + "); its replayed events are kept, "
            + "the replay goes on from there and training starts over");
      }
      lock.phase("looking up the serving model");
      ServingModel serving = servingModel(settings, listener);
      boolean warm = settings.warmStart() && serving != null;
      SasrecConfig config = config(settings, serving, warm);

      ReplaySummary replay;
      TrainingData data;
      long readStart;
      try (RocksDbStore kv = RocksDbStore.open("retrain", settings.eventStore())) {
        SequenceStore sequences = new SequenceStore(kv);
        VocabularyStore vocabulary = new VocabularyStore(kv);
        if (serving != null) {
          alignVocabulary(kv, vocabulary, serving, settings.eventStore(), listener);
        }
        lock.phase("replay");
        replay = replay(settings, kv, sequences, vocabulary, listener);
        lock.phase("reading the training data");
        readStart = System.nanoTime();
        data = TrainingData.read(sequences, vocabulary, TrainingData.keptPerUser(config.maxLen()));
      }
      LeaveOneOut split = split(data, settings);
      double readSeconds = (System.nanoTime() - readStart) / 1e9;

      lock.phase("training");
      listener.info(warm ? "training: warm start from " + serving.version() : "training: cold start");
      Map<String, INDArray> initial = warm
          ? WarmStart.from(serving.model(), data.items(), settings.training().seed())
          : SasrecWeights.initial(config, data.items().size(), settings.training().seed(), DataType.FLOAT);
      TrainingResult trained = new Trainer(config, settings.training()).train(split, initial, listener);

      lock.phase("evaluation");
      long evaluationStart = System.nanoTime();
      Evaluator evaluator = new Evaluator(split, settings.evaluation());
      int users = evaluator.selectedCases(EvaluationStage.TEST).size();
      listener.evaluationStarted(CANDIDATE, users);
      EvaluationResult candidate = evaluator.evaluate(
          new SasrecScorer(new SasrecForward(config, data.items().size(), trained.weights())), EvaluationStage.TEST);
      EvaluationResult servingResult = null;
      if (serving != null) {
        listener.evaluationStarted(SERVING, users);
        servingResult = evaluator.evaluate(PrefixCatalogueScorer.of(serving.model(), data.items().size()),
            EvaluationStage.TEST);
      }
      double evaluationSeconds = (System.nanoTime() - evaluationStart) / 1e9;
      GateDecision decision = GateDecision.decide(settings.gateMetric(), settings.gateMargin(), candidate,
          servingResult);

      lock.phase("writing " + artifact);
      Provenance provenance = provenance(settings, replay, trained, warm, serving, decision, candidate, servingResult);
      Files.createDirectories(artifact.getParent());
      SasrecModel.of(config, data.items(), trained.weights(), data.popularity(), provenance).save(artifact);
      listener.info("model " + version + " written to " + artifact);
      if (decision.publish()) {
        lock.phase("announcing");
        announce(settings, version, artifact, listener);
      }
      lock.phase(RunLock.DONE);
      return new RetrainOutcome(version, artifact, decision.publish(), decision, candidate, servingResult,
          serving == null ? null : serving.version(), warm, replay, readSeconds, trained.epochsTrained(), trained.bestEpoch(),
          trained.seconds(), evaluationSeconds);
    }
  }

  private static ServingModel servingModel(RetrainSettings settings, RetrainListener listener) throws IOException {
    if (settings.servingModel() != null) {
      ServingModel given = ServingModel.fromFile(settings.servingModel());
      listener.info("serving model: " + given.source() + " (given), " + given.model().items().size() + " items");
      return given;
    }
    Optional<ServingModel> found = ServingModelLookup.latest(settings.kafka(), settings.modelUpdatesTopic(),
        settings.replayIdleTimeout(), listener::warning);
    if (found.isEmpty()) {
      listener.warning("no serving model: no announcement on " + settings.modelUpdatesTopic()
          + " loads, so the gate has nothing to compare with and lets the new model through");
      return null;
    }
    ServingModel serving = found.get();
    listener.info("serving model: " + serving.version() + " at " + serving.source() + ", "
        + serving.model().items().size() + " items");
    return serving;
  }

  /** The serving model's architecture when warm-starting (its weights fit no other), else the settings'. */
  private static SasrecConfig config(RetrainSettings settings, ServingModel serving, boolean warm) {
    if (!warm) {
      return settings.config() != null ? settings.config() : SasrecConfig.PAPER_ML1M;
    }
    SasrecConfig servingConfig = serving.model().config();
    if (settings.config() != null && !settings.config().equals(servingConfig)) {
      throw new IllegalArgumentException("warm start keeps the serving model's architecture " + servingConfig
          + " but " + settings.config() + " was asked for; turn warm start off to train a new architecture");
    }
    return servingConfig;
  }

  /**
   * Makes the store's vocabulary extend the serving model's, so that the new model keeps every index
   * the running jobs know (they refuse a model that does not): an empty store, or one that knows
   * fewer items, gets the serving model's ids first.
   */
  private static void alignVocabulary(KeyValueStore kv, VocabularyStore vocabulary, ServingModel serving,
      Path store, RetrainListener listener) {
    ItemVocabulary stored = ItemVocabulary.of(vocabulary.ids());
    ItemVocabulary served = serving.model().items();
    if (stored.prefixMismatch(served).isEmpty()) {
      return;
    }
    Optional<String> conflict = served.prefixMismatch(stored);
    if (conflict.isPresent()) {
      throw new IllegalArgumentException("the store at " + store + " numbers items differently from the serving "
          + "model " + serving.version() + " (" + stored.prefixMismatch(served).get() + " in the store): a model "
          + "trained on it could not replace the serving one, whose jobs refuse a vocabulary that does not extend "
          + "theirs; retrain into a new store directory");
    }
    Batch batch = new Batch();
    for (int index = stored.size() + 1; index <= served.size(); index++) {
      vocabulary.getOrAdd(batch, served.idOf(index));
    }
    kv.write(batch);
    listener.info("the store's vocabulary now starts with the serving model's " + served.size()
        + " items, so they keep their indices");
  }

  private ReplaySummary replay(RetrainSettings settings, KeyValueStore kv, SequenceStore sequences,
      VocabularyStore vocabulary, RetrainListener listener) {
    long started = System.nanoTime();
    ActionReplay handler = new ActionReplay(sequences, vocabulary, clock);
    Map<Integer, Long> endOffsets = new TreeMap<>();
    long records;
    try (TopicFeed feed = new TopicFeed("retrain", settings.kafka(), settings.actionsTopic(), kv, handler)) {
      Map<TopicPartition, Long> end = feed.endOffsets();
      Map<TopicPartition, Long> stored = feed.storedOffsets();
      long toRead = 0;
      for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
        endOffsets.put(partition.getKey().partition(), partition.getValue());
        toRead += Math.max(0, partition.getValue() - stored.getOrDefault(partition.getKey(), 0L));
      }
      listener.replayStarted(toRead);
      records = feed.replayTo(end, settings.replayIdleTimeout(), listener::replayProgress);
    }
    ReplaySummary summary = new ReplaySummary(settings.actionsTopic(), endOffsets, records, handler.accepted(),
        handler.rejected(), handler.examples(), sequences.events(), vocabulary.size(),
        (System.nanoTime() - started) / 1e9);
    listener.replayDone(summary);
    if (summary.rejectedTotal() > 0) {
      listener.warning(summary.rejectedTotal() + " records on " + settings.actionsTopic() + " break the event "
          + "contract and were skipped " + summary.rejected() + " (the validator never writes them: something "
          + "wrote to the topic past it); first ones: " + summary.examples());
    }
    return summary;
  }

  private static LeaveOneOut split(TrainingData data, RetrainSettings settings) {
    LeaveOneOut split = new LeaveOneOut(data.users(), Math.max(1, data.items().size()));
    List<EvaluationCase> held = split.cases(EvaluationStage.TEST);
    if (held.isEmpty()) {
      throw new IllegalArgumentException("nothing to retrain on: " + data.users().size() + " users and "
          + data.events() + " events in " + settings.eventStore() + " after replaying " + settings.actionsTopic()
          + ", and no user has the " + LeaveOneOut.MIN_EVALUATED_LENGTH + " events a hold-out needs");
    }
    return split;
  }

  private Provenance provenance(RetrainSettings settings, ReplaySummary replay, TrainingResult trained, boolean warm,
      ServingModel serving, GateDecision decision, EvaluationResult candidate, EvaluationResult servingResult) {
    Map<String, Object> parameters = new LinkedHashMap<>(settings.training().parameters());
    parameters.put("warmStart", warm);
    parameters.put("servingVersion", serving == null ? "none" : serving.version());
    parameters.put("gateMetric", settings.gateMetric().toString());
    parameters.put("gateMargin", settings.gateMargin());
    parameters.put("gatePassed", decision.publish());
    parameters.put("gateDecision", decision.text());
    parameters.put("evaluationNegatives", settings.evaluation().negatives());
    parameters.put("evaluationUsers", candidate.users());
    parameters.put("evaluationSeed", settings.evaluation().seed());
    parameters.put("replayedEvents", replay.storedEvents());
    Map<String, Map<String, Double>> metrics = new LinkedHashMap<>();
    trained.bestValidation().forEach((protocol, values) -> metrics.put("validation." + protocol, values));
    metrics.put("test." + CANDIDATE + ".sampled", candidate.sampled());
    metrics.put("test." + CANDIDATE + ".full", candidate.full());
    if (servingResult != null) {
      metrics.put("test." + SERVING + ".sampled", servingResult.sampled());
      metrics.put("test." + SERVING + ".full", servingResult.full());
    }
    String location = "kafka:" + settings.kafka().get("bootstrap.servers") + "/" + replay.topic() + " up to offsets "
        + replay.endOffsets();
    return new Provenance(location, "none", "user-actions replayed into " + settings.eventStore(),
        settings.training().seed(), trained.epochsTrained(), trained.bestEpoch(),
        settings.training().objective().cliName(), parameters, metrics, clock.instant(), settings.libraryVersion(),
        trained.seconds());
  }

  private static void announce(RetrainSettings settings, String version, Path artifact, RetrainListener listener)
      throws IOException, InterruptedException {
    ModelUpdate update = new ModelUpdate(version, artifact.toUri().toString(), ArtifactFile.sha256(artifact));
    try {
      var written = ModelAnnouncer.announce(settings.kafka(), settings.modelUpdatesTopic(), update);
      listener.info("announced " + version + " on " + written.topic() + "-" + written.partition() + "@"
          + written.offset());
    } catch (IOException e) {
      throw new IOException("model " + version + " passed the gate and is at " + artifact + ", but announcing it "
          + "failed (announce it with `recsys announce --model " + artifact + " --model-version " + version + "`): "
          + e.getMessage(), e);
    }
  }
}
