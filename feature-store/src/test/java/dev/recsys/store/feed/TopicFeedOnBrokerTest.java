package dev.recsys.store.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recsys.ingest.SharedBroker;
import dev.recsys.ingest.broker.LocalKafkaBroker;
import dev.recsys.ingest.topics.TopicAdmin;
import dev.recsys.store.kv.Batch;
import dev.recsys.store.kv.KeyValueStore;
import dev.recsys.store.kv.RocksDbStore;
import dev.recsys.store.sequence.SequenceStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * TopicFeed against a real broker and a real RocksDB. Records are numbers i, applied as an event of
 * user "u(i % 7)" at time i with item i + 1, so a user's history shows any record lost or applied
 * twice.
 */
@ExtendWith(SharedBroker.class)
class TopicFeedOnBrokerTest {
  private static final int USERS = 7;

  @TempDir Path dir;

  @Test
  void replayStopsAtTheSnapshotAndResumesAfterReopenWithNothingLostOrRepeated(LocalKafkaBroker broker)
      throws Exception {
    String topic = "feed-replay";
    createTopic(broker, topic, 3);
    produce(broker, topic, 0, 300);
    Path storeDir = dir.resolve("store");

    Thread producer = new Thread(() -> produce(broker, topic, 300, 500));
    List<Long> progress = new ArrayList<>();
    Map<TopicPartition, Long> snapshot;
    try (KeyValueStore kv = RocksDbStore.open("feed", storeDir);
         TopicFeed feed = new TopicFeed("test", settings(broker), topic, kv, appendTo(kv))) {
      snapshot = feed.endOffsets();
      producer.start();   // keeps writing while the replay runs
      long applied = feed.replayTo(snapshot, Duration.ofSeconds(30), progress::add);
      assertEquals(300, applied);
      assertEquals(300L, progress.get(progress.size() - 1));
      assertEquals(snapshot, feed.storedOffsets());
      assertHistories(new SequenceStore(kv), 300);
    }
    producer.join();

    try (KeyValueStore kv = RocksDbStore.open("feed", storeDir);
         TopicFeed feed = new TopicFeed("test", settings(broker), topic, kv, appendTo(kv))) {
      assertEquals(snapshot, feed.storedOffsets());
      assertEquals(200, feed.replayTo(feed.endOffsets(), Duration.ofSeconds(30), n -> { }));
      assertHistories(new SequenceStore(kv), 500);

      produce(broker, topic, 500, 510);
      assertEquals(10, pollUntil(feed, 10));
      assertHistories(new SequenceStore(kv), 510);
      assertEquals(feed.endOffsets(), feed.storedOffsets());
    }
  }

  @Test
  void onlyCommittedTransactionsAreApplied(LocalKafkaBroker broker) throws Exception {
    String topic = "feed-transactions";
    createTopic(broker, topic, 1);
    List<String> applied = new ArrayList<>();
    try (KeyValueStore kv = RocksDbStore.open("feed", dir.resolve("store"));
         KafkaProducer<String, String> producer = transactional(broker);
         TopicFeed feed = new TopicFeed("test", settings(broker), topic, kv, (record, batch) -> {
           applied.add(value(record));
           batch.put(record.value(), new byte[0]);
         })) {
      producer.initTransactions();
      inTransaction(producer, topic, List.of("a1", "a2"), true);
      inTransaction(producer, topic, List.of("x1", "x2"), false);
      inTransaction(producer, topic, List.of("b1"), true);
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "u", "open1"));   // still open: past the stable offset
      producer.flush();

      feed.replayTo(feed.endOffsets(), Duration.ofSeconds(30), n -> { });
      assertEquals(List.of("a1", "a2", "b1"), applied);
      assertEquals(null, kv.get("x1".getBytes(StandardCharsets.UTF_8)));

      producer.commitTransaction();
      pollUntil(feed, 1);
      assertEquals(List.of("a1", "a2", "b1", "open1"), applied);
      assertEquals(feed.endOffsets(), feed.storedOffsets(), "stored past the commit marker");
    }
  }

  @Test
  void partitionsAddedLaterAreReadFromTheirStart(LocalKafkaBroker broker) throws Exception {
    String topic = "feed-grows";
    createTopic(broker, topic, 1);
    produce(broker, topic, 0, 20);
    try (KeyValueStore kv = RocksDbStore.open("feed", dir.resolve("store"));
         TopicFeed feed = new TopicFeed("test", settings(broker), topic, kv, appendTo(kv))) {
      assertEquals(20, feed.replayTo(feed.endOffsets(), Duration.ofSeconds(30), n -> { }));
      try (Admin admin = admin(broker)) {
        admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(2))).all().get();
        TopicAdmin.awaitLeaders(admin, List.of(topic), Duration.ofSeconds(30));
      }
      try (KafkaProducer<String, String> producer = producer(broker, Map.of())) {
        for (int i = 20; i < 30; i++) {
          producer.send(new ProducerRecord<>(topic, 1, "u" + i % USERS, Integer.toString(i)));
        }
      }
      assertEquals(10, pollUntil(feed, 10));
      assertHistories(new SequenceStore(kv), 30);
      assertEquals(10L, feed.storedOffsets().get(new TopicPartition(topic, 1)));
    }
  }

  @Test
  void aMissingTopicIsAClearError(LocalKafkaBroker broker) {
    try (KeyValueStore kv = RocksDbStore.open("feed", dir.resolve("store"))) {
      IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
          () -> new TopicFeed("test", settings(broker), "feed-no-such-topic", kv, (record, batch) -> { }));
      assertTrue(missing.getMessage().contains("'feed-no-such-topic' does not exist"), missing.getMessage());
    }
  }

  private static TopicFeed.RecordHandler appendTo(KeyValueStore kv) {
    SequenceStore sequences = new SequenceStore(kv);
    return (record, batch) -> {
      int i = Integer.parseInt(value(record));
      sequences.append(batch, "u" + i % USERS, i, i + 1);
    };
  }

  /** Every record 0..count-1 applied exactly once, each user's in time order. */
  private static void assertHistories(SequenceStore sequences, int count) {
    assertEquals(count, sequences.events());
    for (int user = 0; user < USERS; user++) {
      int u = user;
      int[] expected = IntStream.range(0, count).filter(i -> i % USERS == u).map(i -> i + 1).toArray();
      assertEquals(java.util.Arrays.toString(expected),
          java.util.Arrays.toString(sequences.last("u" + user, Integer.MAX_VALUE).items()), "user u" + user);
    }
  }

  private static int pollUntil(TopicFeed feed, int expected) {
    int applied = 0;
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (applied < expected && System.nanoTime() < deadline) {
      applied += feed.pollOnce(Duration.ofMillis(200));
    }
    return applied;
  }

  private static String value(ConsumerRecord<byte[], byte[]> record) {
    return new String(record.value(), StandardCharsets.UTF_8);
  }

  private static Map<String, Object> settings(LocalKafkaBroker broker) {
    // Short metadata age so that a partition added during the test is seen within it.
    return Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
        ConsumerConfig.METADATA_MAX_AGE_CONFIG, 500);
  }

  private static void produce(LocalKafkaBroker broker, String topic, int from, int to) {
    try (KafkaProducer<String, String> producer = producer(broker, Map.of())) {
      for (int i = from; i < to; i++) {
        producer.send(new ProducerRecord<>(topic, "u" + i % USERS, Integer.toString(i)));
      }
    }
  }

  private static KafkaProducer<String, String> transactional(LocalKafkaBroker broker) {
    return producer(broker, Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "feed-test-" + System.nanoTime()));
  }

  private static KafkaProducer<String, String> producer(LocalKafkaBroker broker, Map<String, Object> extra) {
    Map<String, Object> settings = new java.util.HashMap<>(extra);
    settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    return new KafkaProducer<>(settings, new StringSerializer(), new StringSerializer());
  }

  private static void inTransaction(KafkaProducer<String, String> producer, String topic, List<String> values,
      boolean commit) {
    producer.beginTransaction();
    values.forEach(value -> producer.send(new ProducerRecord<>(topic, "u", value)));
    if (commit) {
      producer.commitTransaction();
    } else {
      producer.flush();
      producer.abortTransaction();
    }
  }

  private static void createTopic(LocalKafkaBroker broker, String topic, int partitions) throws Exception {
    try (Admin admin = admin(broker)) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
      TopicAdmin.awaitLeaders(admin, List.of(topic), Duration.ofSeconds(30));
    }
  }

  private static Admin admin(LocalKafkaBroker broker) {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
  }
}
