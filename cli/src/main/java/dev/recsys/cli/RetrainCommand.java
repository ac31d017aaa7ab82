package dev.recsys.cli;

import dev.recsys.model.eval.EvaluationOptions;
import dev.recsys.model.sasrec.Objective;
import dev.recsys.model.sasrec.SasrecConfig;
import dev.recsys.model.train.EpochRecord;
import dev.recsys.model.train.TrainingOptions;
import dev.recsys.retrain.GateMetric;
import dev.recsys.retrain.ReplaySummary;
import dev.recsys.retrain.RetrainListener;
import dev.recsys.retrain.RetrainOutcome;
import dev.recsys.retrain.RetrainSettings;
import dev.recsys.retrain.Retrainer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code recsys retrain}: the offline half of the loop. Every default comes from
 * {@link RetrainSettings#defaults()} (the option fields start from it and picocli shows them).
 */
@Command(name = "retrain", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Retrains SASRec on everything the clean topic holds and publishes the new model if it is not "
        + "worse than the one being served.",
        "1. replays user-actions from the stored offsets (the beginning on the first run) up to a snapshot of its "
            + "end offsets into an on-disk store (DIR/store), so data larger than memory works and a second run "
            + "reads only what is new;",
        "2. trains (warm-started from the serving model, the newest loadable announcement on model-updates, keeping "
            + "its item indices; training restarts from scratch if a run is killed);",
        "3. evaluates the new and the serving model on the same hold-out (each user's last event, same negatives) "
            + "and prints both metric sets;",
        "4. writes DIR/models/<version>.sasrec and announces it on model-updates only if the gate passes "
            + "(candidate >= serving - margin on the gate metric). The decision and both metric sets go into the "
            + "artifact's provenance.",
        "Exit status 0 whether the gate publishes or refuses (a refusal is the gate working); the 'gate:' line says "
            + "which. 1 for a failure, 2 for bad arguments."})
final class RetrainCommand implements Callable<Integer> {
  private static final RetrainSettings DEFAULTS = RetrainSettings.defaults().build();

  @Mixin KafkaClientOptions kafka;

  @Option(names = "--store", paramLabel = "DIR", description = "Replayed events, the run lock and (by default) the "
      + "model store. Default: ${DEFAULT-VALUE}.")
  Path store = DEFAULTS.storeDir();

  @Option(names = "--models", paramLabel = "DIR", description = "Model store. Default: DIR/models.")
  Path models;

  @Option(names = "--actions-topic", paramLabel = "TOPIC", description = "Default: ${DEFAULT-VALUE}.")
  String actionsTopic = DEFAULTS.actionsTopic();

  @Option(names = "--model-updates-topic", paramLabel = "TOPIC", description = "Default: ${DEFAULT-VALUE}.")
  String modelUpdatesTopic = DEFAULTS.modelUpdatesTopic();

  @Option(names = "--serving-model", paramLabel = "MODEL",
      description = "Compare with (and warm-start from) this artifact instead of the newest announcement.")
  Path servingModel;

  @Option(names = "--model-version", paramLabel = "VERSION",
      description = "The new model's version and file name. Default: the start time in UTC, e.g. v20261128T210501Z.")
  String version;

  @Option(names = "--gate-metric", paramLabel = "PROTOCOL:METRIC", description = "full:<metric> or "
      + "sampled:<metric> (HR@1/5/10/20, NDCG@5/10/20, MRR). Default: ${DEFAULT-VALUE} (full ranking: sampled "
      + "negatives can order two models differently).")
  String gateMetric = DEFAULTS.gateMetric().toString();

  @Option(names = "--gate-margin", paramLabel = "X", description = "Publish when candidate >= serving - X; "
      + "negative demands an improvement. Default: ${DEFAULT-VALUE}.")
  double gateMargin = DEFAULTS.gateMargin();

  @Option(names = "--no-warm-start", description = "Train from fresh weights even when a model is served.")
  boolean noWarmStart;

  @Option(names = "--max-len", paramLabel = "N", description = "Architecture options apply to a cold start (with a warm start they "
      + "must match the serving model). Default: as `recsys train`.")
  Integer maxLen;

  @Option(names = "--hidden", paramLabel = "N", description = "Default: as `recsys train`.")
  Integer hidden;

  @Option(names = "--blocks", paramLabel = "N", description = "Default: as `recsys train`.")
  Integer blocks;

  @Option(names = "--heads", paramLabel = "N", description = "Default: as `recsys train`.")
  Integer heads;

  @Option(names = "--dropout", paramLabel = "RATE", description = "Default: as `recsys train`.")
  Double dropout;

  @Option(names = "--l2-emb", paramLabel = "X", description = "Default: as `recsys train`.")
  Double l2Emb;

  @Option(names = "--post-ln", description = "Post-layer-norm blocks instead of the paper's pre-LN.")
  boolean postLayerNorm;

  @Option(names = "--epochs", paramLabel = "N", description = "Maximum epochs. Default: ${DEFAULT-VALUE}.")
  int epochs = DEFAULTS.training().epochs();

  @Option(names = "--batch-size", paramLabel = "N", description = "Default: ${DEFAULT-VALUE}.")
  int batchSize = DEFAULTS.training().batchSize();

  @Option(names = "--lr", paramLabel = "RATE", description = "Adam learning rate. Default: ${DEFAULT-VALUE}.")
  double learningRate = DEFAULTS.training().learningRate();

  @Option(names = "--loss", paramLabel = "LOSS", description = "bce, ce or sampled-ce. Default: ${DEFAULT-VALUE}.")
  String loss = DEFAULTS.training().objective().cliName();

  @Option(names = "--negatives", paramLabel = "N", description = "Negatives per position for sampled-ce. Default: ${DEFAULT-VALUE}.")
  int negatives = DEFAULTS.training().sampledNegatives();

  @Option(names = "--seed", paramLabel = "N", description = "Default: ${DEFAULT-VALUE}.")
  long seed = DEFAULTS.training().seed();

  @Option(names = "--validate-every", paramLabel = "N", description = "Validate every N epochs. Default: ${DEFAULT-VALUE}.")
  int validateEvery = DEFAULTS.training().validateEvery();

  @Option(names = "--patience", paramLabel = "N", description = "Stop after N validations without a better NDCG@10. "
      + "Default: ${DEFAULT-VALUE}.")
  int patience = DEFAULTS.training().patience();

  @Option(names = "--validation-users", paramLabel = "N", description = "Validate on N users (0 = all). Default: ${DEFAULT-VALUE}.")
  int validationUsers = DEFAULTS.training().validationUsers();

  @Option(names = "--select-on", paramLabel = "PROTOCOL", description = "Best epoch by sampled or full NDCG@10. "
      + "Default: ${DEFAULT-VALUE}.")
  String selectOn = DEFAULTS.training().selectOnFullRanking() ? "full" : "sampled";

  @Option(names = "--eval-negatives", paramLabel = "N", description = "Sampled negatives per held-out user. Default: ${DEFAULT-VALUE}.")
  int evalNegatives = DEFAULTS.evaluation().negatives();

  @Option(names = "--eval-users", paramLabel = "N", description = "Evaluate a seeded sample of N users (0 = all). "
      + "Default: ${DEFAULT-VALUE}.")
  int evalUsers = DEFAULTS.evaluation().maxUsers();

  @Option(names = "--replay-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Give up when the broker sends nothing for this long during the replay. Default: 60s.")
  Duration replayTimeout = DEFAULTS.replayIdleTimeout();

  @Option(names = "--no-progress", description = "No progress bars; summaries only.")
  boolean noProgress;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    RetrainSettings settings;
    try {
      settings = settings();
    } catch (IllegalArgumentException e) {
      // A value no setting accepts is a bad argument, like a malformed number: usage and exit 2.
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    kafka.requireTopics(List.of(settings.actionsTopic(), settings.modelUpdatesTopic()));
    PrintStream err = System.err;
    err.println("backend: " + Backend.describe());
    RetrainOutcome outcome;
    try (Progress progress = new Progress(settings.training(), !noProgress, err)) {
      outcome = new Retrainer().run(settings, progress);
    }
    PrintStream out = System.out;
    out.print(outcome.table());
    out.printf(Locale.ROOT, "replay %.1f s, read back %.1f s, training %.1f s (%d epochs, best %d, %s), "
        + "evaluation %.1f s%n", outcome.replay().seconds(), outcome.readSeconds(), outcome.trainingSeconds(), outcome.epochsTrained(), outcome.bestEpoch(),
        outcome.warmStarted() ? "warm start from " + outcome.servingVersion() : "cold start",
        outcome.evaluationSeconds());
    out.println("model " + outcome.version() + ": " + outcome.artifact() + (outcome.published()
        ? ", announced on " + settings.modelUpdatesTopic() : ", not announced"));
    out.println("gate: " + outcome.decision().text());
    return 0;
  }

  private RetrainSettings settings() throws java.io.IOException {
    TrainingOptions training = new TrainingOptions(epochs, batchSize, learningRate, Objective.fromName(loss),
        negatives, seed, validateEvery, patience, validationUsers, TrainCommand.selectsOnFullRanking(selectOn));
    EvaluationOptions evaluation = new EvaluationOptions(evalNegatives, evalUsers, DEFAULTS.evaluation().seed(),
        DEFAULTS.evaluation().batchSize());
    return RetrainSettings.defaults().kafka(kafka.clientSettings()).storeDir(store).modelsDir(models)
        .actionsTopic(actionsTopic).modelUpdatesTopic(modelUpdatesTopic).servingModel(servingModel).version(version)
        .gateMetric(GateMetric.parse(gateMetric)).gateMargin(gateMargin).warmStart(!noWarmStart).config(config())
        .training(training).evaluation(evaluation).replayIdleTimeout(replayTimeout)
        .libraryVersion(Backend.libraryVersion()).build();
  }

  /** The architecture asked for, over {@code recsys train}'s defaults; null when none was. */
  private SasrecConfig config() {
    if (maxLen == null && hidden == null && blocks == null && heads == null && dropout == null && l2Emb == null
        && !postLayerNorm) {
      return null;
    }
    SasrecConfig paper = SasrecConfig.PAPER_ML1M;
    return new SasrecConfig(maxLen != null ? maxLen : paper.maxLen(), hidden != null ? hidden : paper.hiddenSize(),
        blocks != null ? blocks : paper.blocks(), heads != null ? heads : paper.heads(),
        dropout != null ? dropout : paper.dropout(), l2Emb != null ? l2Emb : paper.l2Emb(), !postLayerNorm);
  }

  /** Messages and summaries to stderr, a bar for the replay and the training one of `recsys train`. */
  static final class Progress implements RetrainListener, AutoCloseable {
    private final boolean showBar;
    private final PrintStream out;
    private final TrainingProgress training;
    private ProgressBar replayBar;

    Progress(TrainingOptions options, boolean showBar, PrintStream out) {
      this.showBar = showBar;
      this.out = out;
      this.training = new TrainingProgress(options.batchSize(), options.epochs(), showBar, out);
    }

    @Override
    public void info(String message) {
      out.println(message);
    }

    @Override
    public void warning(String message) {
      out.println("warning: " + message);
    }

    @Override
    public void replayStarted(long offsetsToRead) {
      out.printf(Locale.ROOT, "replay: up to %,d records to read%n", offsetsToRead);
      if (showBar && offsetsToRead > 0) {
        replayBar = new ProgressBarBuilder().setTaskName("replay").setInitialMax(offsetsToRead)
            .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250).setUnit(" records", 1).showSpeed()
            .setConsumer(new ConsoleProgressBarConsumer(out)).build();
      }
    }

    @Override
    public void replayProgress(long applied) {
      if (replayBar != null) {
        replayBar.stepTo(applied);
      }
    }

    @Override
    public void replayDone(ReplaySummary summary) {
      closeReplayBar();
      out.printf(Locale.ROOT, "replay: %,d records in %.1f s (%,.0f records/s), %,d events applied, %,d refused; the "
              + "store holds %,d events of %,d items%n", summary.records(), summary.seconds(),
          summary.recordsPerSecond(), summary.accepted(), summary.rejectedTotal(), summary.storedEvents(),
          summary.items());
    }

    @Override
    public void epochStarted(int epoch, int batches) {
      training.epochStarted(epoch, batches);
    }

    @Override
    public void batchDone(int epoch, int batch, int batches, double loss) {
      training.batchDone(epoch, batch, batches, loss);
    }

    @Override
    public void epochDone(EpochRecord record, boolean newBest) {
      training.epochDone(record, newBest);
    }

    @Override
    public void evaluationStarted(String model, int users) {
      out.printf(Locale.ROOT, "evaluating the %s model on %,d held-out users%n", model, users);
    }

    @Override
    public void close() {
      closeReplayBar();
      training.close();
    }

    private void closeReplayBar() {
      if (replayBar != null) {
        replayBar.close();
        replayBar = null;
      }
    }
  }
}
