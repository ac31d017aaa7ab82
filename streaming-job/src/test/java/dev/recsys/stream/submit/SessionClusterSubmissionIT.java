package dev.recsys.stream.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.recsys.events.Recommendation;
import dev.recsys.events.RecommendationJson;
import dev.recsys.events.Topics;
import dev.recsys.events.UserAction;
import dev.recsys.events.UserActionJson;
import dev.recsys.ingest.SharedBroker;
import dev.recsys.ingest.broker.LocalKafkaBroker;
import dev.recsys.ingest.topics.TopicAdmin;
import dev.recsys.stream.TestModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded job jar on a real standalone Flink session cluster: uploaded and run through the
 * REST API, reading and writing a real Kafka broker, scoring with ND4J loaded from the jar by
 * Flink's child-first user classloader. What the MiniCluster tests cannot show: that the jar
 * carries everything a cluster lacks, and nothing that breaks it.
 */
@ExtendWith(SharedBroker.class)
class SessionClusterSubmissionIT {
  private static final Path MODULE_DIR = Path.of(System.getProperty("basedir", "."));
  private static final Path JOB_JAR = MODULE_DIR.resolve("target/recsys-stream.jar");
  private static final int USERS = 3;
  private static final int EVENTS_PER_USER = 5;
  private static final int DEFAULT_K = 10;
  private static final Duration OUTPUT_TIMEOUT = Duration.ofSeconds(90);

  @TempDir
  static Path dir;

  private static FlinkSessionCluster cluster;
  private static String jarId;

  /** Only launches the JVMs: the broker and the model are prepared while they boot. */
  @BeforeAll
  static void launchCluster() throws Exception {
    assertTrue(Files.isRegularFile(JOB_JAR), "no job jar at " + JOB_JAR.toAbsolutePath()
        + ": this test runs after `package` (mvn verify), which builds it with the shade plugin");
    cluster = FlinkSessionCluster.launch(dir.resolve("flink"), MODULE_DIR);
  }

  /** The uploaded job jar's id, once the cluster has a free slot. */
  private static synchronized String jarId() throws Exception {
    if (jarId == null) {
      cluster.awaitReady();
      jarId = cluster.uploadJar(JOB_JAR);
    }
    return jarId;
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /**
   * Twice on the same cluster: the second job gets a new user classloader on the same TaskManager,
   * which must load ND4J's natives again (javacpp unpacks them per jar blob, so they do not clash
   * with the first job's copy in that JVM).
   */
  @RepeatedTest(value = 2, name = "submission {currentRepetition} of {totalRepetitions} to the same TaskManager")
  void theShadedJarRunsOnASessionClusterAndRecommendsOncePerEvent(LocalKafkaBroker broker) throws Exception {
    String prefix = "submit-" + UUID.randomUUID().toString().substring(0, 8);
    JobTopics topics = JobTopics.create(broker, prefix);
    Path model = dir.resolve(prefix + "-model-v1.sasrec");
    TestModels.save(TestModels.model(TestModels.itemIds(50), TestModels.SMALL, 1), model, "v1");

    String jobId = runJar(List.of(
        "--model", model.toString(), "--model-version", "v1",
        "--bootstrap-servers", broker.bootstrapServers(),
        "--input-topic", topics.input(), "--output-topic", topics.output(),
        "--model-updates-topic", topics.modelUpdates(), "--dead-letter-topic", topics.deadLetter(),
        "--group-id", topics.input(), "--transactional-id-prefix", topics.input(),
        "--checkpoint-interval", "1s", "--batch-size", "8"));
    try {
      String state = cluster.awaitRunning(jobId, Duration.ofSeconds(60));
      assertEquals("RUNNING", state, () -> diagnosis(jobId));

      List<Sent> sent = produceEvents(broker, topics.input());
      List<ConsumerRecord<byte[], byte[]>> output = readCommitted(broker, topics.output(), sent.size());
      if (output.size() < sent.size()) {
        fail(output.size() + " of " + sent.size() + " recommendations within " + OUTPUT_TIMEOUT + "\n" + diagnosis(jobId));
      }
      assertOnePerEvent(sent, output);
    } catch (Throwable failure) {
      // The job must not keep the slot (and its Kafka transactions) once the test has failed.
      try {
        cluster.cancel(jobId, Duration.ofSeconds(30));
      } catch (Exception | AssertionError cancelFailed) {
        failure.addSuppressed(cancelFailed);
      }
      throw failure;
    }
    assertEquals("CANCELED", cluster.cancel(jobId, Duration.ofSeconds(30)), () -> diagnosis(jobId));
  }

  /** The job's id; a refused run fails with the JobManager's log, where the job's main method printed why. */
  private static String runJar(List<String> programArgs) throws Exception {
    String jar = jarId();
    try {
      return cluster.runJar(jar, programArgs);
    } catch (IllegalStateException refused) {
      throw new AssertionError(refused.getMessage() + "\n" + cluster.logTails(), refused);
    }
  }

  /** What was produced, where it landed, and the user's items up to and including it. */
  private record Sent(UserAction action, int partition, long offset, List<String> historySoFar) {}

  private static List<Sent> produceEvents(LocalKafkaBroker broker, String topic) throws Exception {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    List<Sent> sent = new ArrayList<>();
    Map<String, List<String>> histories = new HashMap<>();
    long start = System.currentTimeMillis() - 60_000;
    try (KafkaProducer<byte[], byte[]> producer =
             new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int event = 0; event < EVENTS_PER_USER; event++) {
        for (int user = 0; user < USERS; user++) {
          String userId = "u" + user;
          // Users walk different items, so each one's exclusions differ.
          String itemId = "i" + (1 + user * 10 + event * 2);
          UserAction action = UserAction.of(userId, itemId, "view", start + event * 1000L + user);
          RecordMetadata metadata = producer.send(new ProducerRecord<>(topic,
              userId.getBytes(StandardCharsets.UTF_8), UserActionJson.toBytes(action))).get();
          List<String> history = histories.computeIfAbsent(userId, key -> new ArrayList<>());
          history.add(itemId);
          sent.add(new Sent(action, metadata.partition(), metadata.offset(), List.copyOf(history)));
        }
      }
    }
    return sent;
  }

  /**
   * Reads until {@code expected} records have arrived, then one more second: the sink commits at
   * checkpoints (every second), so a duplicate would show up in the next commit.
   */
  private static List<ConsumerRecord<byte[], byte[]>> readCommitted(LocalKafkaBroker broker, String topic,
      int expected) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
             new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(info -> new TopicPartition(topic, info.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + OUTPUT_TIMEOUT.toNanos();
      long settleUntil = Long.MAX_VALUE;
      while (System.nanoTime() < Math.min(deadline, settleUntil)) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        if (records.size() >= expected && settleUntil == Long.MAX_VALUE) {
          settleUntil = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        }
      }
    }
    return records;
  }

  private static void assertOnePerEvent(List<Sent> sent, List<ConsumerRecord<byte[], byte[]>> output) {
    Map<String, Sent> byPosition = new LinkedHashMap<>();
    sent.forEach(event -> byPosition.put(event.partition() + "@" + event.offset(), event));
    Map<String, Recommendation> seen = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> record : output) {
      Recommendation rec = RecommendationJson.parse(record.value());
      String position = rec.sourcePartition() + "@" + rec.sourceOffset();
      Sent event = byPosition.get(position);
      assertTrue(event != null, "a recommendation for no event we sent: " + rec);
      assertTrue(seen.put(position, rec) == null, "two recommendations for the event at " + position + ": " + rec);
      String userId = event.action().userId();
      assertEquals(userId, new String(record.key(), StandardCharsets.UTF_8), "record key of " + rec);
      assertEquals(userId, rec.userId(), "user of " + rec);
      assertEquals(event.action().timestamp(), rec.eventTime(), "event time of " + rec);
      assertEquals("v1", rec.modelVersion(), "model version of " + rec);
      assertEquals(DEFAULT_K, rec.items().size(), "items of " + rec);
      for (Recommendation.Item item : rec.items()) {
        assertTrue(!event.historySoFar().contains(item.itemId()),
            "recommended " + item.itemId() + " that " + userId + " already saw " + event.historySoFar() + ": " + rec);
      }
    }
    assertEquals(byPosition.keySet(), seen.keySet(), "events with a recommendation");
  }

  private static String diagnosis(String jobId) {
    return cluster.describeJob(jobId) + "\n" + cluster.logTails();
  }

  /** The job's four topics under unique names, created as {@link Topics} defines their namesakes. */
  private record JobTopics(String input, String output, String modelUpdates, String deadLetter) {
    static JobTopics create(LocalKafkaBroker broker, String prefix) throws Exception {
      JobTopics topics = new JobTopics(prefix + "-" + Topics.VALID, prefix + "-" + Topics.RECOMMENDATIONS,
          prefix + "-" + Topics.MODEL_UPDATES, prefix + "-" + Topics.DEAD_LETTER);
      Map<String, Topics.Definition> definitions = Map.of(
          topics.input(), Topics.definition(Topics.VALID),
          topics.output(), Topics.definition(Topics.RECOMMENDATIONS),
          topics.modelUpdates(), Topics.definition(Topics.MODEL_UPDATES),
          topics.deadLetter(), Topics.definition(Topics.DEAD_LETTER));
      Properties props = new Properties();
      props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
      try (Admin admin = Admin.create(props)) {
        List<NewTopic> newTopics = definitions.entrySet().stream()
            .map(entry -> new NewTopic(entry.getKey(), entry.getValue().partitions(), (short) 1)
                .configs(entry.getValue().configs()))
            .toList();
        admin.createTopics(newTopics).all().get();
        TopicAdmin.awaitLeaders(admin, definitions.keySet(), Duration.ofSeconds(30));
      }
      return topics;
    }
  }
}
