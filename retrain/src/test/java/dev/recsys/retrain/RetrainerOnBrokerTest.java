package dev.recsys.retrain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recsys.events.ModelUpdate;
import dev.recsys.events.UserAction;
import dev.recsys.ingest.SharedBroker;
import dev.recsys.ingest.broker.LocalKafkaBroker;
import dev.recsys.model.SasrecModel;
import dev.recsys.model.artifact.ArtifactFile;
import dev.recsys.model.artifact.Provenance;
import dev.recsys.model.eval.EvaluationOptions;
import dev.recsys.model.sasrec.Objective;
import dev.recsys.model.sasrec.SasrecConfig;
import dev.recsys.model.sasrec.SasrecWeights;
import dev.recsys.model.train.TrainingOptions;
import dev.recsys.store.kv.RocksDbStore;
import dev.recsys.store.sequence.SequenceStore;
import dev.recsys.store.vocabulary.VocabularyStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Retraining against a real broker, RocksDB and ND4J, on small generated data with a sequential rule. */
@ExtendWith(SharedBroker.class)
class RetrainerOnBrokerTest {
  private static final SasrecConfig TINY = new SasrecConfig(20, 16, 1, 1, 0.1, 0.0, true);
  private static final TrainingOptions GOOD = new TrainingOptions(4, 128, 0.03, Objective.BCE, 1, 7, 4, 5, 0, true);
  /** One step-sized epoch from scratch: a model that has learnt nothing. */
  private static final TrainingOptions BAD = new TrainingOptions(1, 64, 1e-6, Objective.BCE, 1, 7, 1, 1, 0, true);
  private static final int CYCLE = 60;

  @TempDir Path dir;

  /** What a run told its listener. */
  private static final class Heard implements RetrainListener {
    final List<String> info = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();

    @Override
    public void info(String message) {
      info.add(message);
    }

    @Override
    public void warning(String message) {
      warnings.add(message);
    }
  }

  private RetrainSettings.Builder settings(BrokerTopics topics, String version, TrainingOptions training) {
    return RetrainSettings.defaults().bootstrapServers(topics.bootstrap()).storeDir(dir).actionsTopic(topics.actions())
        .modelUpdatesTopic(topics.updates()).config(TINY).training(training).version(version)
        .evaluation(new EvaluationOptions(20, 0, 42, 256)).libraryVersion("test");
  }

  @Test
  void publishesABetterModelAndRefusesAWorseOneRecordingBothMetricSets(LocalKafkaBroker broker) throws Exception {
    BrokerTopics topics = BrokerTopics.create(broker, 3);
    topics.produce(BrokerTopics.cycles("item-", 200, 20, CYCLE, BrokerTopics.T0, 1));
    topics.produceRaw(topics.actions(), "x".getBytes(StandardCharsets.UTF_8), "not json".getBytes(StandardCharsets.UTF_8));
    topics.produceRaw(topics.actions(), null, "{\"userId\":\"x\"}".getBytes(StandardCharsets.UTF_8));

    Heard first = new Heard();
    RetrainOutcome v1 = new Retrainer().run(settings(topics, "v1", GOOD).build(), first);

    assertTrue(v1.published(), v1.decision().text());
    assertTrue(v1.decision().text().startsWith("published: no serving model"), v1.decision().text());
    assertNull(v1.serving());
    assertEquals(4002, v1.replay().records());
    assertEquals(4000, v1.replay().storedEvents());
    assertEquals(Map.of("not-json", 1L, "missing-field", 1L), v1.replay().rejected());
    assertTrue(first.warnings.stream().anyMatch(w -> w.startsWith("2 records on " + topics.actions()
        + " break the event contract")), first.warnings.toString());
    assertTrue(v1.candidate().full().get("NDCG@10") > 0.5, v1.table());
    assertEquals(dir.resolve("models/v1.sasrec").toAbsolutePath(), v1.artifact());
    ModelUpdate announced = new ModelUpdate("v1", v1.artifact().toUri().toString(), ArtifactFile.sha256(v1.artifact()));
    assertEquals(List.of(announced), topics.announcements());

    // A later announcement the jobs would refuse (its file is missing) does not make v1 stop being the baseline.
    ModelUpdate broken = new ModelUpdate("v-broken", dir.resolve("missing.sasrec").toUri().toString(), "0".repeat(64));
    topics.produceRaw(topics.updates(), null, dev.recsys.events.ModelUpdateJson.toBytes(broken));
    Heard second = new Heard();
    RetrainOutcome v2 = new Retrainer().run(settings(topics, "v2", BAD).warmStart(false).build(), second);

    assertFalse(v2.published(), v2.decision().text());
    assertTrue(v2.decision().text().startsWith("refused: candidate full:NDCG@10"), v2.decision().text());
    assertEquals("v1", v2.servingVersion());
    assertTrue(second.warnings.stream().anyMatch(w -> w.startsWith("skipping announcement v-broken")),
        second.warnings.toString());
    assertEquals(0, v2.replay().records(), "nothing new to replay");
    // Same data, split, users and negatives: the serving model scores exactly what it scored as a candidate.
    assertEquals(v1.candidate(), v2.serving());
    assertEquals(List.of(announced, broken), topics.announcements(), "the refused model is not announced");

    Provenance recorded = SasrecModel.load(v2.artifact()).provenance();
    assertEquals(v2.candidate().full(), recorded.metrics().get("test.candidate.full"));
    assertEquals(v2.candidate().sampled(), recorded.metrics().get("test.candidate.sampled"));
    assertEquals(v2.serving().full(), recorded.metrics().get("test.serving.full"));
    assertEquals(v2.serving().sampled(), recorded.metrics().get("test.serving.sampled"));
    assertEquals(v2.decision().text(), recorded.trainingParameters().get("gateDecision"));
    assertEquals(false, recorded.trainingParameters().get("gatePassed"));
    assertEquals("full:NDCG@10", recorded.trainingParameters().get("gateMetric"));
    assertEquals("v1", recorded.trainingParameters().get("servingVersion"));
    assertTrue(v2.table().contains("candidate full") && v2.table().contains("serving full"), v2.table());

    IllegalArgumentException again = assertThrows(IllegalArgumentException.class,
        () -> new Retrainer().run(settings(topics, "v1", BAD).build(), RetrainListener.NONE));
    assertTrue(again.getMessage().startsWith("the model store already has version v1"), again.getMessage());
  }

  @Test
  void publishesACandidateThatBeatsTheServingModel(LocalKafkaBroker broker) throws Exception {
    BrokerTopics topics = BrokerTopics.create(broker, 2);
    topics.produce(BrokerTopics.cycles("item-", 200, 20, CYCLE, BrokerTopics.T0, 4));
    RetrainOutcome weak = new Retrainer().run(settings(topics, "v1", BAD).build(), RetrainListener.NONE);
    assertTrue(weak.published(), weak.decision().text());

    RetrainOutcome better = new Retrainer().run(settings(topics, "v2", GOOD).warmStart(false).build(),
        RetrainListener.NONE);

    assertEquals("v1", better.servingVersion());
    assertTrue(better.candidate().full().get("NDCG@10") > better.serving().full().get("NDCG@10"), better.table());
    assertTrue(better.published(), better.decision().text());
    assertTrue(better.decision().text().startsWith("published: candidate full:NDCG@10"), better.decision().text());
    assertEquals(List.of("v1", "v2"), topics.announcements().stream().map(ModelUpdate::version).toList());
  }

  @Test
  void newItemsAreAppendedAndTheWarmStartKeepsTheKnownItemsRows(LocalKafkaBroker broker) throws Exception {
    BrokerTopics topics = BrokerTopics.create(broker, 2);
    topics.produce(BrokerTopics.cycles("old-", 120, 12, 30, BrokerTopics.T0, 2));
    RetrainOutcome v1 = new Retrainer().run(settings(topics, "v1", BAD).build(), RetrainListener.NONE);
    assertTrue(v1.published());

    topics.produce(BrokerTopics.cycles("new-", 40, 4, 5, BrokerTopics.T0 + 1_000_000, 3));
    RetrainOutcome v2 = new Retrainer().run(settings(topics, "v2", BAD).build(), RetrainListener.NONE);

    assertTrue(v2.warmStarted());
    assertEquals(160, v2.replay().records());
    SasrecModel before = SasrecModel.load(v1.artifact());
    SasrecModel after = SasrecModel.load(v2.artifact());
    int known = before.items().size();
    assertEquals(30, known);
    assertEquals(before.items().ids(), after.items().ids().subList(0, known));
    assertEquals(known + 5, after.items().size());
    assertTrue(after.items().ids().subList(known, known + 5).stream().allMatch(id -> id.startsWith("new-")));
    INDArray oldRows = before.forward().weights().get(SasrecWeights.ITEM_EMB);
    INDArray keptRows = after.forward().weights().get(SasrecWeights.ITEM_EMB)
        .get(NDArrayIndex.interval(0, known), NDArrayIndex.all());
    // One epoch at a learning rate of 1e-6 moves a weight by a few 1e-6 at most.
    assertTrue(oldRows.equalsWithEps(keptRows, 1e-4), "known items' rows kept");
    assertEquals(Boolean.TRUE, after.provenance().trainingParameters().get("warmStart"));

    IllegalArgumentException otherArchitecture = assertThrows(IllegalArgumentException.class, () -> new Retrainer()
        .run(settings(topics, "v3", BAD).config(new SasrecConfig(20, 8, 1, 1, 0.1, 0.0, true)).build(),
            RetrainListener.NONE));
    assertTrue(otherArchitecture.getMessage().startsWith("warm start keeps the serving model's architecture"),
        otherArchitecture.getMessage());

    Path conflicting = dir.resolve("conflicting.sasrec");
    List<String> ids = new ArrayList<>(before.items().ids());
    java.util.Collections.swap(ids, 0, 1);
    dev.recsys.model.data.ItemVocabulary swapped = dev.recsys.model.data.ItemVocabulary.of(ids);
    SasrecModel.of(TINY, swapped, SasrecWeights.initial(TINY, swapped.size(), 1, DataType.FLOAT),
        new long[swapped.size() + 1], before.provenance()).save(conflicting);
    IllegalArgumentException conflict = assertThrows(IllegalArgumentException.class, () -> new Retrainer()
        .run(settings(topics, "v4", BAD).servingModel(conflicting).build(), RetrainListener.NONE));
    assertTrue(conflict.getMessage().contains("numbers items differently from the serving model file:"),
        conflict.getMessage());
    assertTrue(conflict.getMessage().contains("item index 1 is 'old-"), conflict.getMessage());
  }

  @Test
  void anInterruptedReplayResumesAndAppliesEveryRecordOnce(LocalKafkaBroker broker) throws Exception {
    BrokerTopics topics = BrokerTopics.create(broker, 3);
    List<UserAction> actions = BrokerTopics.cycles("item-", 200, 20, CYCLE, BrokerTopics.T0, 4);
    topics.produce(actions);
    Map<String, Object> smallPolls = new LinkedHashMap<>(Map.of("bootstrap.servers", topics.bootstrap(),
        "max.poll.records", 150));
    AtomicLong appliedBeforeKill = new AtomicLong();
    RetrainListener dying = new RetrainListener() {
      @Override
      public void replayProgress(long applied) {
        appliedBeforeKill.set(applied);
        if (applied >= 1000) {
          throw new IllegalStateException("killed");
        }
      }
    };
    IllegalStateException killed = assertThrows(IllegalStateException.class,
        () -> new Retrainer().run(settings(topics, "v1", BAD).kafka(smallPolls).build(), dying));
    assertEquals("killed", killed.getMessage());
    assertTrue(appliedBeforeKill.get() >= 1000 && appliedBeforeKill.get() < 4000, appliedBeforeKill.toString());
    assertFalse(Files.exists(dir.resolve("models/v1.sasrec")));

    Heard resumed = new Heard();
    RetrainOutcome outcome = new Retrainer().run(settings(topics, "v1", BAD).kafka(smallPolls).build(), resumed);

    assertTrue(resumed.warnings.stream().anyMatch(w -> w.startsWith("the last run did not finish (run v1 pid ")
        && w.contains(": replay since")), resumed.warnings.toString());
    assertEquals(4000 - appliedBeforeKill.get(), outcome.replay().records());
    assertEquals(4000, outcome.replay().storedEvents());
    try (RocksDbStore kv = RocksDbStore.open("check", dir.resolve("store"))) {
      SequenceStore sequences = new SequenceStore(kv);
      VocabularyStore vocabulary = new VocabularyStore(kv);
      for (int u = 0; u < 200; u++) {
        String user = "user-" + u;
        List<String> expected = actions.stream().filter(a -> a.userId().equals(user)).map(UserAction::itemId).toList();
        int[] stored = sequences.last(user, 100).items();
        assertEquals(expected, java.util.Arrays.stream(stored).mapToObj(vocabulary::idOf).toList(), user);
      }
    }
  }

  @Test
  void theDefaultVersionIsTheStartTimeAndAnExistingOneIsNotOverwritten(LocalKafkaBroker broker) throws Exception {
    BrokerTopics topics = BrokerTopics.create(broker, 1);
    Files.createDirectories(dir.resolve("models"));
    Files.writeString(dir.resolve("models/v20261128T210501Z.sasrec"), "an earlier model");
    Clock clock = Clock.fixed(java.time.Instant.parse("2026-11-28T21:05:01.250Z"), java.time.ZoneOffset.UTC);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Retrainer(clock).run(settings(topics, null, BAD).build(), RetrainListener.NONE));
    assertTrue(e.getMessage().startsWith("the model store already has version v20261128T210501Z ("), e.getMessage());
    assertEquals("an earlier model", Files.readString(dir.resolve("models/v20261128T210501Z.sasrec")));
  }

  @Test
  void aSecondRunOnTheSameStoreFailsNamingIt(LocalKafkaBroker broker) throws Exception {
    BrokerTopics topics = BrokerTopics.create(broker, 1);
    try (RunLock held = RunLock.acquire(dir, "other", Clock.systemUTC())) {
      IOException e = assertThrows(IOException.class,
          () -> new Retrainer().run(settings(topics, "v1", BAD).build(), RetrainListener.NONE));
      assertTrue(e.getMessage().startsWith("another retrain is using " + dir + " (run other pid"), e.getMessage());
    }
  }
}
