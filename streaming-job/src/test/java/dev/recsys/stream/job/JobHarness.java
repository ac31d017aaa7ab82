package dev.recsys.stream.job;

import dev.recsys.events.ModelUpdate;
import dev.recsys.events.ModelUpdateJson;
import dev.recsys.events.Recommendation;
import dev.recsys.events.RecommendationJson;
import dev.recsys.events.UserAction;
import dev.recsys.events.UserActionJson;
import dev.recsys.ingest.broker.LocalKafkaBroker;
import dev.recsys.ingest.topics.TopicAdmin;
import dev.recsys.stream.config.JobDefaults;
import dev.recsys.stream.config.StreamOptions;
import dev.recsys.stream.config.StreamSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One job run against a real broker for the integration tests: fresh topics, the job's settings,
 * a local MiniCluster environment with RocksDB and checkpoints, and readers of its output.
 */
final class JobHarness {
  final LocalKafkaBroker broker;
  final String input;
  final String output;
  final String updates;
  final String deadLetters;
  private final Path checkpoints;

  JobHarness(LocalKafkaBroker broker, Path checkpoints, int inputPartitions) throws Exception {
    this.broker = broker;
    this.checkpoints = checkpoints;
    String run = UUID.randomUUID().toString().substring(0, 8);
    input = "actions-" + run;
    output = "recs-" + run;
    updates = "updates-" + run;
    deadLetters = "dlq-" + run;
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(input, inputPartitions, (short) 1), new NewTopic(output, 3, (short) 1),
          new NewTopic(updates, 1, (short) 1), new NewTopic(deadLetters, 1, (short) 1))).all().get();
      TopicAdmin.awaitLeaders(admin, List.of(input, output, updates, deadLetters), Duration.ofSeconds(30));
    }
  }

  /** The job's configuration: what {@code recsys stream} sets locally ({@link JobDefaults}), with fast checkpoints and restarts. */
  Configuration configuration(String model, int parallelism, int batchSize) {
    Configuration config = new Configuration();
    config.set(StreamOptions.MODEL_PATH, model);
    config.set(StreamOptions.MODEL_VERSION, "v1");
    config.set(StreamOptions.BOOTSTRAP_SERVERS, broker.bootstrapServers());
    config.set(StreamOptions.INPUT_TOPIC, input);
    config.set(StreamOptions.OUTPUT_TOPIC, output);
    config.set(StreamOptions.MODEL_UPDATES_TOPIC, updates);
    config.set(StreamOptions.DEAD_LETTER_TOPIC, deadLetters);
    config.set(StreamOptions.GROUP_ID, "job-" + input);
    config.set(StreamOptions.TRANSACTIONAL_ID_PREFIX, "job-" + input);
    config.set(StreamOptions.BATCH_SIZE, batchSize);
    config.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
    config.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(500));
    config.setString("restart-strategy.type", "fixed-delay");
    config.setString("restart-strategy.fixed-delay.attempts", "3");
    config.setString("restart-strategy.fixed-delay.delay", "500 ms");
    config.setString("parallelism.default", Integer.toString(parallelism));
    config.addAll(JobDefaults.notSetIn(config.toMap(), true));
    return config;
  }

  /** Starts the job exactly as {@code recsys stream} wires it, on Kafka, with {@code config}. */
  static org.apache.flink.core.execution.JobClient start(Configuration config, String name) throws Exception {
    StreamExecutionEnvironment env = environment(config);
    StreamSettings settings = settings(config);
    KafkaConnectors.job(JobModel.read(settings.modelPath(), settings.modelVersion()), settings).attach(env);
    return env.executeAsync(name);
  }

  static StreamExecutionEnvironment environment(Configuration config) {
    return StreamExecutionEnvironment.getExecutionEnvironment(config);
  }

  /** Cancels the job; if it had already failed, throws its failure instead, which is what the test needs to see. */
  static void stop(org.apache.flink.core.execution.JobClient job) throws Exception {
    try {
      job.cancel().get();
    } catch (Exception cancelFailed) {
      job.getJobExecutionResult().get();
      throw cancelFailed;
    }
  }

  static StreamSettings settings(Configuration config) {
    return StreamSettings.from(config);
  }

  private Properties producerProperties() {
    Properties properties = new Properties();
    properties.put("bootstrap.servers", broker.bootstrapServers());
    properties.put("key.serializer", ByteArraySerializer.class.getName());
    properties.put("value.serializer", ByteArraySerializer.class.getName());
    properties.put("acks", "all");
    return properties;
  }

  /** Writes the actions keyed by user, in order; returns where each landed. */
  List<RecordMetadata> produce(List<UserAction> actions) throws Exception {
    List<RecordMetadata> written = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties())) {
      for (UserAction action : actions) {
        written.add(producer.send(new ProducerRecord<>(input, action.userId().getBytes(StandardCharsets.UTF_8),
            UserActionJson.toBytes(action))).get());
      }
    }
    return written;
  }

  void produceRaw(String topic, byte[] key, byte[] value) throws Exception {
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties())) {
      producer.send(new ProducerRecord<>(topic, key, value)).get();
    }
  }

  void announce(ModelUpdate update) throws Exception {
    produceRaw(updates, null, ModelUpdateJson.toBytes(update));
  }

  /**
   * Reads {@code topic} from the beginning with read_committed until {@code done} holds for what
   * was read, then goes on for {@code settle} to catch anything extra (a duplicate, say).
   */
  List<ConsumerRecord<byte[], byte[]>> readUntil(String topic, Predicate<List<ConsumerRecord<byte[], byte[]>>> done,
      Duration timeout, Duration settle) {
    Properties properties = new Properties();
    properties.put("bootstrap.servers", broker.bootstrapServers());
    properties.put("key.deserializer", ByteArrayDeserializer.class.getName());
    properties.put("value.deserializer", ByteArrayDeserializer.class.getName());
    properties.put("isolation.level", "read_committed");
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties)) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + timeout.toNanos();
      long settleUntil = Long.MAX_VALUE;
      while (System.nanoTime() < Math.min(deadline, settleUntil)) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        if (settleUntil == Long.MAX_VALUE && done.test(records)) {
          settleUntil = System.nanoTime() + settle.toNanos();
        }
      }
    }
    return records;
  }

  List<Recommendation> recommendations(Predicate<List<ConsumerRecord<byte[], byte[]>>> done, Duration timeout,
      Duration settle) {
    return readUntil(output, done, timeout, settle).stream().map(r -> RecommendationJson.parse(r.value())).toList();
  }

  static Predicate<List<ConsumerRecord<byte[], byte[]>>> atLeast(int count) {
    return records -> records.size() >= count;
  }
}
