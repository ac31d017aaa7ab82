package dev.recsys.retrain;

import dev.recsys.events.ModelUpdate;
import dev.recsys.events.Topics;
import dev.recsys.model.eval.EvaluationOptions;
import dev.recsys.model.sasrec.SasrecConfig;
import dev.recsys.model.train.TrainingOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Everything a retraining run needs, declared once here with its default and checked when built,
 * naming the setting. The CLI's options start from {@link #defaults()}; the demo builds its own.
 *
 * @param kafka Kafka client settings, at least {@code bootstrap.servers}, passed through as they are
 * @param storeDir the run's directory: the replayed events (a RocksDB store in {@code store/}), the
 *     run lock, and by default the model store
 * @param modelsDir where artifacts are written, as {@code <version>.sasrec}; null = {@code storeDir/models}
 * @param actionsTopic the clean topic replayed (the validator's output)
 * @param modelUpdatesTopic where models are announced, and where the serving model is looked up
 * @param servingModel the model to compare against instead of the latest announcement; null = look it up
 * @param config the architecture; null = the serving model's when warm-starting, else
 *     {@link SasrecConfig#PAPER_ML1M} (as {@code recsys train})
 * @param training optimiser, epochs, seed; {@code recsys train}'s defaults with fewer epochs and the best
 *     epoch chosen on full-ranking NDCG@10, the gate's default metric
 * @param warmStart start from the serving model's weights when there is one (its vocabulary kept)
 * @param evaluation the hold-out evaluation both models get (same users, negatives and seed)
 * @param gateMetric the metric the gate compares
 * @param gateMargin publish when candidate >= serving - margin (negative: demand an improvement)
 * @param version the new model's version; null = the run's start time, e.g. {@code v20261128T210501Z}
 * @param replayIdleTimeout how long the replay waits for a broker that stops answering
 * @param libraryVersion recorded in the artifact's provenance
 */
public record RetrainSettings(
    Map<String, Object> kafka,
    Path storeDir,
    Path modelsDir,
    String actionsTopic,
    String modelUpdatesTopic,
    Path servingModel,
    SasrecConfig config,
    TrainingOptions training,
    boolean warmStart,
    EvaluationOptions evaluation,
    GateMetric gateMetric,
    double gateMargin,
    String version,
    Duration replayIdleTimeout,
    String libraryVersion) {

  public static final String DEFAULT_BOOTSTRAP_SERVERS = "localhost:9092";
  public static final Path DEFAULT_STORE_DIR = Path.of(".recsys", "retrain");
  /** Retraining usually starts from the serving model, so far fewer epochs than a cold start. */
  public static final int DEFAULT_EPOCHS = 20;
  public static final Duration DEFAULT_REPLAY_IDLE_TIMEOUT = Duration.ofSeconds(60);
  /** Versions become file names and Kafka keys: letters, digits, '.', '_', '-', not starting with '.'. */
  private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");

  public RetrainSettings {
    require(kafka != null && kafka.get("bootstrap.servers") != null
        && !kafka.get("bootstrap.servers").toString().isBlank(), "kafka", "must set bootstrap.servers");
    kafka = Map.copyOf(kafka);
    require(storeDir != null, "storeDir", "is required");
    require(notBlank(actionsTopic), "actionsTopic", "is required");
    require(notBlank(modelUpdatesTopic), "modelUpdatesTopic", "is required");
    require(training != null, "training", "is required");
    require(evaluation != null, "evaluation", "is required");
    require(gateMetric != null, "gateMetric", "is required");
    require(Double.isFinite(gateMargin), "gateMargin", "must be a finite number, got " + gateMargin);
    require(version == null || VERSION.matcher(version).matches(), "version",
        "'" + version + "' must be letters, digits, '.', '_' or '-' and not start with '.' (it names the file)");
    require(version == null || version.length() <= ModelUpdate.MAX_VERSION_LENGTH, "version",
        "must be at most " + ModelUpdate.MAX_VERSION_LENGTH + " characters");
    require(replayIdleTimeout != null && !replayIdleTimeout.isNegative() && !replayIdleTimeout.isZero(),
        "replayIdleTimeout", "must be positive, got " + replayIdleTimeout);
    require(notBlank(libraryVersion), "libraryVersion", "is required");
  }

  /** The defaults: local broker, {@code .recsys/retrain}, standard topics, warm start, gate full:NDCG@10 margin 0. */
  public static Builder defaults() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The model store: {@link #modelsDir} or {@code storeDir/models}. */
  public Path modelStore() {
    return modelsDir != null ? modelsDir : storeDir.resolve("models");
  }

  /** The RocksDB store of replayed events. */
  public Path eventStore() {
    return storeDir.resolve("store");
  }

  private static boolean notBlank(String value) {
    return value != null && !value.isBlank();
  }

  private static void require(boolean ok, String field, String problem) {
    if (!ok) {
      throw new IllegalArgumentException("retrain settings: " + field + " " + problem);
    }
  }

  /** Starts from the defaults; {@link #build} checks the result. */
  public static final class Builder {
    private Map<String, Object> kafka = new LinkedHashMap<>(Map.of("bootstrap.servers", DEFAULT_BOOTSTRAP_SERVERS));
    private Path storeDir = DEFAULT_STORE_DIR;
    private Path modelsDir;
    private String actionsTopic = Topics.VALID;
    private String modelUpdatesTopic = Topics.MODEL_UPDATES;
    private Path servingModel;
    private SasrecConfig config;
    private TrainingOptions training = forRetraining(TrainingOptions.defaults());
    private boolean warmStart = true;
    private EvaluationOptions evaluation = EvaluationOptions.defaults();
    private GateMetric gateMetric = GateMetric.DEFAULT;
    private double gateMargin;
    private String version;
    private Duration replayIdleTimeout = DEFAULT_REPLAY_IDLE_TIMEOUT;
    private String libraryVersion = "unknown";

    private Builder() {}

    private Builder(RetrainSettings s) {
      kafka = new LinkedHashMap<>(s.kafka);
      storeDir = s.storeDir;
      modelsDir = s.modelsDir;
      actionsTopic = s.actionsTopic;
      modelUpdatesTopic = s.modelUpdatesTopic;
      servingModel = s.servingModel;
      config = s.config;
      training = s.training;
      warmStart = s.warmStart;
      evaluation = s.evaluation;
      gateMetric = s.gateMetric;
      gateMargin = s.gateMargin;
      version = s.version;
      replayIdleTimeout = s.replayIdleTimeout;
      libraryVersion = s.libraryVersion;
    }

    /** Replaces the client settings (copied). */
    public Builder kafka(Map<String, Object> settings) {
      this.kafka = new LinkedHashMap<>(settings);
      return this;
    }

    public Builder bootstrapServers(String servers) {
      kafka.put("bootstrap.servers", servers);
      return this;
    }

    public Builder storeDir(Path dir) {
      this.storeDir = dir;
      return this;
    }

    public Builder modelsDir(Path dir) {
      this.modelsDir = dir;
      return this;
    }

    public Builder actionsTopic(String topic) {
      this.actionsTopic = topic;
      return this;
    }

    public Builder modelUpdatesTopic(String topic) {
      this.modelUpdatesTopic = topic;
      return this;
    }

    public Builder servingModel(Path file) {
      this.servingModel = file;
      return this;
    }

    public Builder config(SasrecConfig config) {
      this.config = config;
      return this;
    }

    public Builder training(TrainingOptions options) {
      this.training = options;
      return this;
    }

    public Builder warmStart(boolean warmStart) {
      this.warmStart = warmStart;
      return this;
    }

    public Builder evaluation(EvaluationOptions options) {
      this.evaluation = options;
      return this;
    }

    public Builder gateMetric(GateMetric metric) {
      this.gateMetric = metric;
      return this;
    }

    public Builder gateMargin(double margin) {
      this.gateMargin = margin;
      return this;
    }

    public Builder version(String version) {
      this.version = version;
      return this;
    }

    public Builder replayIdleTimeout(Duration timeout) {
      this.replayIdleTimeout = timeout;
      return this;
    }

    public Builder libraryVersion(String version) {
      this.libraryVersion = version;
      return this;
    }

    /** The training options so far, for a caller that changes a few of them. */
    public TrainingOptions training() {
      return training;
    }

    /** The evaluation options so far. */
    public EvaluationOptions evaluation() {
      return evaluation;
    }

    public RetrainSettings build() {
      return new RetrainSettings(kafka, storeDir, modelsDir, actionsTopic, modelUpdatesTopic, servingModel, config,
          training, warmStart, evaluation, gateMetric, gateMargin, version, replayIdleTimeout, libraryVersion);
    }
  }

  /** {@code recsys train}'s options with fewer epochs, and the best epoch chosen on the gate's protocol. */
  private static TrainingOptions forRetraining(TrainingOptions o) {
    return new TrainingOptions(DEFAULT_EPOCHS, o.batchSize(), o.learningRate(), o.objective(), o.sampledNegatives(),
        o.seed(), o.validateEvery(), o.patience(), o.validationUsers(), true);
  }
}
