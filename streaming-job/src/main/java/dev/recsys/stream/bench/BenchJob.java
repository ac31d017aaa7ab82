package dev.recsys.stream.bench;

import dev.recsys.stream.config.JobDefaults;
import dev.recsys.stream.config.StreamOptions;
import dev.recsys.stream.config.StreamSettings;
import dev.recsys.stream.job.KafkaConnectors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The recommendation job in a local MiniCluster inside the benchmark's JVM, configured as
 * {@code recsys stream} configures it locally (RocksDB, incremental checkpoints retained on cancel,
 * object reuse, parallelism 1), started asynchronously so the benchmark can watch and cancel it.
 */
final class BenchJob implements AutoCloseable {
  private final JobClient client;
  private final Path checkpoints;
  final long startedAt;

  private BenchJob(JobClient client, Path checkpoints, long startedAt) {
    this.client = client;
    this.checkpoints = checkpoints;
    this.startedAt = startedAt;
  }

  static BenchJob start(BenchModel model, BenchKafka.RunTopics topics, String runId, int batchSize,
      Duration checkpointInterval, String bootstrapServers, Map<String, String> kafkaProperties) throws Exception {
    Path checkpoints = Files.createTempDirectory("recsys-bench-checkpoints-");
    Configuration config = new Configuration();
    config.set(StreamOptions.MODEL_PATH, model.file().toString());
    config.set(StreamOptions.MODEL_VERSION, model.job().announcement().version());
    config.set(StreamOptions.BATCH_SIZE, batchSize);
    config.set(StreamOptions.BOOTSTRAP_SERVERS, bootstrapServers);
    config.set(StreamOptions.INPUT_TOPIC, topics.input());
    config.set(StreamOptions.OUTPUT_TOPIC, topics.output());
    config.set(StreamOptions.DEAD_LETTER_TOPIC, topics.deadLetters());
    config.set(StreamOptions.MODEL_UPDATES_TOPIC, topics.modelUpdates());
    config.set(StreamOptions.GROUP_ID, runId);
    config.set(StreamOptions.TRANSACTIONAL_ID_PREFIX, runId);
    kafkaProperties.forEach((key, value) -> config.setString(StreamOptions.KAFKA_PROPERTIES_PREFIX + key, value));
    config.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, checkpointInterval);
    config.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
    config.addAll(JobDefaults.notSetIn(config.toMap(), true));
    // One MiniCluster after another: a fixed REST port could still be held by the previous one.
    config.set(RestOptions.BIND_PORT, "0");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
    StreamSettings settings = StreamSettings.from(env.getConfiguration());
    KafkaConnectors.job(model.job(), settings).attach(env);
    long startedAt = System.currentTimeMillis();
    return new BenchJob(env.executeAsync("recsys-stream-bench-" + runId), checkpoints, startedAt);
  }

  /** The job's status, with the failure's message if it failed: what to say when output stops. */
  String status() {
    try {
      var status = client.getJobStatus().get(10, TimeUnit.SECONDS);
      if (status == org.apache.flink.api.common.JobStatus.FAILED) {
        return "FAILED: " + client.getJobExecutionResult().handle((result, e) -> String.valueOf(e)).get(10, TimeUnit.SECONDS);
      }
      return status.name();
    } catch (Exception e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  /** Bytes under the checkpoint directory: the retained incremental checkpoint and its shared files. */
  long checkpointBytes() throws IOException {
    try (Stream<Path> files = Files.walk(checkpoints)) {
      return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
    }
  }

  /** Cancels the job, waits for it to end and deletes its checkpoints. */
  @Override
  public void close() throws Exception {
    try {
      client.cancel().handle((ack, e) -> null).get(60, TimeUnit.SECONDS);
      client.getJobExecutionResult().handle((result, e) -> null).get(60, TimeUnit.SECONDS);
    } finally {
      try (Stream<Path> files = Files.walk(checkpoints)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }
}
