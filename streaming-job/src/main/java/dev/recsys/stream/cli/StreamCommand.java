package dev.recsys.stream.cli;

import dev.recsys.stream.config.JobDefaults;
import dev.recsys.stream.config.StreamOptions;
import dev.recsys.stream.config.StreamSettings;
import dev.recsys.stream.job.JobModel;
import dev.recsys.stream.job.KafkaConnectors;
import dev.recsys.stream.scoring.ModelRefusedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code recsys stream}: runs the recommendation job, in a local MiniCluster (the {@code ./recsys}
 * launcher) or on a Flink cluster ({@code flink run recsys-stream.jar ...}, through {@link StreamJob}).
 * Every option is also a Flink configuration key (see {@link StreamOptions}); an option given here
 * wins over the same key in {@code config.yaml} or {@code -D}.
 */
@Command(
    name = "recsys stream",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Runs the recommendation job: user actions from Kafka -> per-user history in RocksDB state -> "
            + "micro-batched SASRec scoring -> top-K to the recommendations topic, exactly once. New models "
            + "announced on the model-updates topic are swapped in while it runs.",
        "",
        "Locally (./recsys stream) it runs in a MiniCluster with RocksDB state and checkpoints; on a "
            + "cluster submit the shaded jar: flink run streaming-job/target/recsys-stream.jar --model ..."
    },
    footer = {
        "",
        "Every setting is also a Flink configuration key, e.g. -Drecsys.scoring.batch-size=128 or in config.yaml;",
        "Kafka client properties: --property or -Drecsys.kafka.properties.<name>=<value>."
    })
public final class StreamCommand implements Callable<Integer> {
  /** Exit status for a failed run; bad arguments exit with picocli's 2. */
  public static final int EXIT_FAILURE = 1;

  @Option(names = "--model", paramLabel = "MODEL", description = "Model artifact to serve at start (path or file: URI readable by every TaskManager).")
  String model;

  @Option(names = "--model-version", paramLabel = "VERSION", description = "Version label of the start model (default: sha256:<first 12 hex digits>).")
  String modelVersion;

  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]", description = "Kafka bootstrap servers (default: localhost:9092).")
  String bootstrapServers;

  @Option(names = "--k", paramLabel = "K", description = "Items per recommendation (default: 10).")
  Integer k;

  @Option(names = "--batch-size", paramLabel = "N", description = "Most users scored in one forward pass (default: 64).")
  Integer batchSize;

  @Option(names = "--batch-timeout-ms", paramLabel = "T", description = "Longest a request waits for its batch, milliseconds (default: 5).")
  Long batchTimeoutMs;

  @Option(names = "--history-max-length", paramLabel = "N", description = "Items kept per user (default: the model's maxLen).")
  Integer historyMaxLength;

  @Option(names = "--history-ttl", paramLabel = "DURATION", description = "Drop a history this long after the user's last event, e.g. 30d; 0 keeps it (default: 30d).")
  String historyTtl;

  @Option(names = "--checkpoint-dir", paramLabel = "DIR", description = "Checkpoint directory or URI (locally default: <tmp>/recsys-stream/checkpoints).")
  String checkpointDir;

  @Option(names = "--checkpoint-interval", paramLabel = "DURATION", description = "Checkpoint interval; exactly-once output becomes visible at each checkpoint (default: 5s).")
  String checkpointInterval;

  @Option(names = "--restore", paramLabel = "CHECKPOINT", description = "Resume from a retained checkpoint or savepoint directory.")
  String restore;

  @Option(names = "--parallelism", paramLabel = "N", description = "Job parallelism (default: Flink's parallelism.default; locally 1).")
  Integer parallelism;

  @Option(names = "--delivery-guarantee", paramLabel = "G", description = "EXACTLY_ONCE (default) or AT_LEAST_ONCE (lower latency, repeats after a failure).")
  DeliveryGuarantee deliveryGuarantee;

  @Option(names = "--input-topic", paramLabel = "TOPIC", description = "Validated actions (default: user-actions).")
  String inputTopic;

  @Option(names = "--output-topic", paramLabel = "TOPIC", description = "Recommendations (default: recommendations).")
  String outputTopic;

  @Option(names = "--model-updates-topic", paramLabel = "TOPIC", description = "Model announcements (default: model-updates).")
  String modelUpdatesTopic;

  @Option(names = "--dead-letter-topic", paramLabel = "TOPIC", description = "Records that break the event contract (default: user-actions-dlq).")
  String deadLetterTopic;

  @Option(names = "--group-id", paramLabel = "ID", description = "Consumer group for offsets (default: recsys-stream).")
  String groupId;

  @Option(names = "--transactional-id-prefix", paramLabel = "PREFIX", description = "Kafka transactional id prefix, unique per job (default: recsys-stream).")
  String transactionalIdPrefix;

  @Option(names = "--property", paramLabel = "KEY=VALUE", description = "A Kafka client property, passed through; repeatable.")
  Map<String, String> kafkaProperties = new LinkedHashMap<>();

  @Option(names = "--properties-file", paramLabel = "FILE", description = "Kafka client properties from a file (as Kafka's --command-config).")
  Path propertiesFile;

  @Option(names = "-D", paramLabel = "KEY=VALUE", description = "A Flink configuration key (also recsys.*); repeatable.")
  Map<String, String> flinkProperties = new LinkedHashMap<>();

  private final boolean local;

  /** @param local true to run in a MiniCluster with local defaults (checkpoint dir, parallelism 1) */
  public StreamCommand(boolean local) {
    this.local = local;
  }

  /** The command line as the entry points run it. */
  public static CommandLine commandLine(boolean local) {
    return new CommandLine(new StreamCommand(local)).setExecutionExceptionHandler((ex, commandLine, parsed) -> {
      PrintWriter err = commandLine.getErr();
      if (ex instanceof IllegalArgumentException || ex instanceof ModelRefusedException || ex instanceof IOException) {
        err.println("recsys stream: " + ex.getMessage());
      } else {
        ex.printStackTrace(err);
      }
      err.flush();
      return EXIT_FAILURE;
    });
  }

  /** {@code ./recsys stream}: a local MiniCluster. */
  public static void main(String[] args) {
    System.exit(commandLine(true).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Configuration config = explicitConfiguration();
    if (local) {
      // Before the environment exists: a local environment fixes its parallelism when it is created.
      config.addAll(JobDefaults.notSetIn(config.toMap(), true));
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
    env.configure(JobDefaults.notSetIn(env.getConfiguration().toMap(), local));
    StreamSettings settings = StreamSettings.from(env.getConfiguration());
    JobModel startModel = JobModel.read(settings.modelPath(), settings.modelVersion());
    KafkaConnectors.job(startModel, settings).attach(env);
    PrintWriter err = new PrintWriter(System.err, true);
    err.printf("recsys stream: model %s (%s, %d items, maxLen %d); %s -> %s on %s; %s%n",
        startModel.announcement().version(), settings.modelPath(), startModel.items(), startModel.maxLen(),
        settings.inputTopic(), settings.outputTopic(), settings.bootstrapServers(), describeCheckpoints(env));
    env.execute("recsys-stream");
    return 0;
  }

  /** -D keys, then the named options on top. */
  Configuration explicitConfiguration() throws IOException {
    Configuration config = new Configuration();
    flinkProperties.forEach(config::setString);
    setIfGiven(config, StreamOptions.MODEL_PATH, model);
    setIfGiven(config, StreamOptions.MODEL_VERSION, modelVersion);
    setIfGiven(config, StreamOptions.BOOTSTRAP_SERVERS, bootstrapServers);
    setIfGiven(config, StreamOptions.TOP_K, k);
    setIfGiven(config, StreamOptions.BATCH_SIZE, batchSize);
    if (batchTimeoutMs != null) {
      if (batchTimeoutMs < 0) {
        throw new IllegalArgumentException("--batch-timeout-ms must be >= 0, got " + batchTimeoutMs);
      }
      config.set(StreamOptions.BATCH_TIMEOUT, Duration.ofMillis(batchTimeoutMs));
    }
    setIfGiven(config, StreamOptions.HISTORY_MAX_LENGTH, historyMaxLength);
    if (historyTtl != null) {
      config.setString(StreamOptions.HISTORY_TTL.key(), historyTtl);
    }
    setIfGiven(config, StreamOptions.DELIVERY_GUARANTEE, deliveryGuarantee);
    setIfGiven(config, StreamOptions.INPUT_TOPIC, inputTopic);
    setIfGiven(config, StreamOptions.OUTPUT_TOPIC, outputTopic);
    setIfGiven(config, StreamOptions.MODEL_UPDATES_TOPIC, modelUpdatesTopic);
    setIfGiven(config, StreamOptions.DEAD_LETTER_TOPIC, deadLetterTopic);
    setIfGiven(config, StreamOptions.GROUP_ID, groupId);
    setIfGiven(config, StreamOptions.TRANSACTIONAL_ID_PREFIX, transactionalIdPrefix);
    if (propertiesFile != null) {
      Properties fromFile = new Properties();
      try (InputStream in = Files.newInputStream(propertiesFile)) {
        fromFile.load(in);
      }
      fromFile.forEach((key, value) -> config.setString(StreamOptions.KAFKA_PROPERTIES_PREFIX + key, (String) value));
    }
    kafkaProperties.forEach((key, value) -> config.setString(StreamOptions.KAFKA_PROPERTIES_PREFIX + key, value));
    if (checkpointDir != null) {
      config.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, Path.of(checkpointDir).toUri().toString());
    }
    if (checkpointInterval != null) {
      config.setString(CheckpointingOptions.CHECKPOINTING_INTERVAL.key(), checkpointInterval);
    }
    if (restore != null) {
      config.set(StateRecoveryOptions.SAVEPOINT_PATH, Path.of(restore).toUri().toString());
    }
    if (parallelism != null) {
      if (parallelism < 1) {
        throw new IllegalArgumentException("--parallelism must be >= 1, got " + parallelism);
      }
      config.setString("parallelism.default", parallelism.toString());
    }
    return config;
  }

  private static String describeCheckpoints(StreamExecutionEnvironment env) {
    Map<String, String> config = env.getConfiguration().toMap();
    return "checkpoints every " + config.get(CheckpointingOptions.CHECKPOINTING_INTERVAL.key()) + " to "
        + config.getOrDefault(CheckpointingOptions.CHECKPOINTS_DIRECTORY.key(), "the JobManager's memory");
  }

  private static <T> void setIfGiven(Configuration config, ConfigOption<T> option, T value) {
    if (value != null) {
      config.set(option, value);
    }
  }
}
