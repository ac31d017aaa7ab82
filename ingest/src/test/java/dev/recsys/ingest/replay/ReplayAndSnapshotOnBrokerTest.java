package dev.recsys.ingest.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recsys.events.ParseResult;
import dev.recsys.events.UserAction;
import dev.recsys.events.UserActionJson;
import dev.recsys.events.UserActionParser;
import dev.recsys.ingest.SharedBroker;
import dev.recsys.ingest.broker.LocalKafkaBroker;
import dev.recsys.ingest.topics.TopicAdmin;
import dev.recsys.ingest.snapshot.TopicSnapshot;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The replay producer and the snapshot reader against a real broker, each checked by the other. */
@ExtendWith(SharedBroker.class)
class ReplayAndSnapshotOnBrokerTest {

  @Test
  void replayedEventsReadBackAsASnapshotInPerUserOrder(LocalKafkaBroker broker) throws Exception {
    String topic = "it-replay";
    createTopic(broker, topic, 4);
    List<UserAction> events = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      events.add(new UserAction("user-" + i % 37, "item-" + i % 101, "view", 1_600_000_000_000L + i, null, "e" + i));
    }
    AtomicLong progress = new AtomicLong();
    ReplaySummary summary = new ReplayProducer(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))
        .replay(events, topic, 0, progress::set);
    assertEquals(2_000, summary.sent());
    assertEquals(0, summary.failed());
    assertNull(summary.firstError());
    assertEquals(2_000, progress.get());

    // Records written while the snapshot runs are past its end offsets and must not appear.
    AtomicBoolean wroteMore = new AtomicBoolean();
    List<UserAction> read = new ArrayList<>();
    UserActionParser parser = UserActionParser.withDefaults();
    TopicSnapshot.Summary snapshot = new TopicSnapshot(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()), Duration.ofSeconds(30))
        .read(topic, record -> {
          if (wroteMore.compareAndSet(false, true)) {
            produceLate(broker, topic);
          }
          UserAction action = ((ParseResult.Accepted) parser.parse(record.value())).action();
          assertEquals(new String(record.key(), StandardCharsets.UTF_8), action.userId(), "keyed by user");
          read.add(action);
        });
    assertEquals(2_000, snapshot.records());
    assertEquals(2_000, read.size());
    assertEquals(byUser(events), byUser(read), "per-user order kept");
    assertEquals(4, snapshot.endOffsets().size());
  }

  @Test
  void pacingHoldsTheRateDown(LocalKafkaBroker broker) throws Exception {
    String topic = "it-replay-paced";
    createTopic(broker, topic, 1);
    List<UserAction> events = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      events.add(UserAction.of("u", "i" + i, "view", 1_600_000_000_000L + i));
    }
    ReplaySummary summary = new ReplayProducer(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))
        .replay(events, topic, 500, n -> { });
    assertEquals(100, summary.sent());
    // 100 events at 500/s cannot take less than the 99 intervals of 2 ms between them.
    assertTrue(summary.elapsed().toMillis() >= 190, summary.toString());
  }

  @Test
  void snapshotOfAMissingTopicIsAClearError(LocalKafkaBroker broker) {
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> new TopicSnapshot(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()), Duration.ofSeconds(5))
        .read("no-such-topic", record -> { }));
    assertTrue(missing.getMessage().contains("'no-such-topic' does not exist"), missing.getMessage());
  }

  @Test
  void aFailedSendIsCountedWithItsError(LocalKafkaBroker broker) {
    List<UserAction> events = List.of(UserAction.of("u", "i", "view", 1_600_000_000_000L));
    ReplaySummary summary = new ReplayProducer(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
        ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 3_000,
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1_000))
        .replay(events, "topic-that-does-not-exist", 0, n -> { });
    assertEquals(0, summary.sent());
    assertEquals(1, summary.failed());
    assertTrue(summary.firstError() != null && summary.firstError().contains("topic-that-does-not-exist"), summary.toString());
  }

  private static void produceLate(LocalKafkaBroker broker, String topic) {
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < 50; i++) {
        UserAction late = UserAction.of("user-" + i, "late", "view", 1_700_000_000_000L);
        producer.send(new ProducerRecord<>(topic, late.userId(), UserActionJson.toJson(late)));
      }
      producer.flush();
    }
  }

  private static void createTopic(LocalKafkaBroker broker, String topic, int partitions) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
      TopicAdmin.awaitLeaders(admin, List.of(topic), Duration.ofSeconds(30));
    }
  }

  private static Map<String, List<UserAction>> byUser(List<UserAction> events) {
    Map<String, List<UserAction>> byUser = new TreeMap<>();
    events.forEach(e -> byUser.computeIfAbsent(e.userId(), k -> new ArrayList<>()).add(e));
    return byUser;
  }
}
