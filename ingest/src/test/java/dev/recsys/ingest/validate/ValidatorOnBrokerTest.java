package dev.recsys.ingest.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recsys.events.DeadLetterHeaders;
import dev.recsys.events.RejectionReason;
import dev.recsys.events.UserAction;
import dev.recsys.events.UserActionJson;
import dev.recsys.ingest.BadRecordCorpus;
import dev.recsys.ingest.SharedBroker;
import dev.recsys.ingest.broker.LocalKafkaBroker;
import dev.recsys.ingest.snapshot.TopicSnapshot;
import dev.recsys.ingest.topics.TopicAdmin;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The validator on a real broker, exactly once: every raw record ends in exactly one of the clean
 * topic or the DLQ, nothing lost, nothing duplicated, per-user order kept — also across a restart.
 */
@ExtendWith(SharedBroker.class)
class ValidatorOnBrokerTest {
  static final String RAW = "it-raw";
  static final String VALID = "it-valid";
  static final String DLQ = "it-dlq";

  @TempDir Path stateDir;

  @Test
  void routesEveryRecordExactlyOnceAcrossARestart(LocalKafkaBroker broker) throws Exception {
    String bootstrap = broker.bootstrapServers();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin.createTopics(List.of(new NewTopic(RAW, 3, (short) 1), new NewTopic(VALID, 3, (short) 1),
          new NewTopic(DLQ, 1, (short) 1))).all().get();
      TopicAdmin.awaitLeaders(admin, List.of(RAW, VALID, DLQ), Duration.ofSeconds(30));
    }
    List<UserAction> firstBatch = events(0, 400);
    List<BadRecordCorpus.BadRecord> bad = BadRecordCorpus.all();
    // A user's app: plain kafka-clients, string key, JSON value; bad records interleaved.
    try (KafkaProducer<String, String> app = new KafkaProducer<>(producerSettings(bootstrap), new StringSerializer(), new StringSerializer());
        KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(producerSettings(bootstrap), new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < firstBatch.size(); i++) {
        UserAction event = firstBatch.get(i);
        app.send(new ProducerRecord<>(RAW, event.userId(), UserActionJson.toJson(event)));
        if (i % 20 == 0 && i / 20 < bad.size()) {
          BadRecordCorpus.BadRecord record = bad.get(i / 20);
          raw.send(new ProducerRecord<>(RAW, record.key(), record.value()));
        }
      }
      for (int i = firstBatch.size() / 20 + 1; i < bad.size(); i++) {
        raw.send(new ProducerRecord<>(RAW, bad.get(i).key(), bad.get(i).value()));
      }
    }

    Map<String, Object> settings = validatorSettings(bootstrap);
    try (ValidatorService validator = new ValidatorService(settings, Clock.systemUTC())) {
      validator.start();
      assertTrue(validator.awaitCaughtUp(Duration.ofSeconds(90)), "validator did not catch up: " + validator.state());
      assertEquals(firstBatch.size(), validator.counts().valid());
      assertEquals(bad.size(), validator.counts().rejectedTotal());
    }

    List<UserAction> secondBatch = events(400, 200);
    try (KafkaProducer<String, String> app = new KafkaProducer<>(producerSettings(bootstrap), new StringSerializer(), new StringSerializer())) {
      for (UserAction event : secondBatch) {
        app.send(new ProducerRecord<>(RAW, event.userId(), UserActionJson.toJson(event)));
      }
    }
    try (ValidatorService restarted = new ValidatorService(settings, Clock.systemUTC())) {
      restarted.start();
      assertTrue(restarted.awaitCaughtUp(Duration.ofSeconds(90)), "restarted validator did not catch up");
      assertEquals(secondBatch.size(), restarted.counts().valid(), "the restart reprocessed committed records");
    }

    List<UserAction> expected = new ArrayList<>(firstBatch);
    expected.addAll(secondBatch);
    List<ConsumerRecord<byte[], byte[]>> validRecords = readTopic(bootstrap, VALID);
    assertEquals(expected.size(), validRecords.size(), "valid events lost or duplicated");
    Map<String, List<String>> sentByUser = byUser(expected.stream().map(e -> Map.entry(e.userId(), UserActionJson.toJson(e))).toList());
    Map<String, List<String>> readByUser = byUser(validRecords.stream().map(r -> Map.entry(text(r.key()), text(r.value()))).toList());
    assertEquals(sentByUser, readByUser, "same events, same per-user order");

    List<ConsumerRecord<byte[], byte[]>> deadLetters = readTopic(bootstrap, DLQ);
    assertEquals(bad.size(), deadLetters.size(), "bad records lost or duplicated");
    Map<RejectionReason, Integer> expectedReasons = new TreeMap<>();
    bad.forEach(record -> expectedReasons.merge(record.reason(), 1, Integer::sum));
    Map<RejectionReason, Integer> actualReasons = new TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> record : deadLetters) {
      String reason = new String(record.headers().lastHeader(DeadLetterHeaders.REASON).value(), StandardCharsets.UTF_8);
      actualReasons.merge(RejectionReason.fromCode(reason), 1, Integer::sum);
      assertEquals(RAW, new String(record.headers().lastHeader(DeadLetterHeaders.SOURCE_TOPIC).value(), StandardCharsets.UTF_8));
      // The original bytes are untouched: find the corpus record with this exact value.
      assertTrue(bad.stream().anyMatch(b -> java.util.Arrays.equals(b.value(), record.value())
          && java.util.Arrays.equals(b.key(), record.key())), "dead letter does not carry the original bytes");
    }
    assertEquals(expectedReasons, actualReasons);
  }

  /** {@code count} valid events over 25 users, some with unicode ids, in per-user time order. */
  private static List<UserAction> events(int first, int count) {
    Random random = new Random(first);
    List<UserAction> events = new ArrayList<>();
    for (int i = first; i < first + count; i++) {
      String user = i % 5 == 0 ? "ユーザー-" + (i % 25) : "u" + (i % 25);
      events.add(new UserAction(user, "item-" + random.nextInt(50), i % 7 == 0 ? "purchase" : "view",
          1_700_000_000_000L + i * 1000L, i % 3 == 0 ? 4.5 : null, "e-" + i));
    }
    return events;
  }

  private Map<String, Object> validatorSettings(String bootstrap) {
    Map<String, Object> settings = new HashMap<>();
    settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    settings.put(StreamsConfig.APPLICATION_ID_CONFIG, "it-validator");
    settings.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    settings.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    settings.put(ValidatorConfig.INPUT_TOPIC, RAW);
    settings.put(ValidatorConfig.OUTPUT_TOPIC, VALID);
    settings.put(ValidatorConfig.DEAD_LETTER_TOPIC, DLQ);
    settings.put(ValidatorConfig.DEDUP_WINDOW_MS, 60_000L);
    return settings;
  }

  private static Map<String, Object> producerSettings(String bootstrap) {
    return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all");
  }

  /** The topic's committed records, read with the snapshot reader retraining uses. */
  private static List<ConsumerRecord<byte[], byte[]>> readTopic(String bootstrap, String topic) {
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    new TopicSnapshot(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), Duration.ofSeconds(30))
        .read(topic, records::add);
    return records;
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static Map<String, List<String>> byUser(List<Map.Entry<String, String>> records) {
    Map<String, List<String>> byUser = new LinkedHashMap<>();
    records.forEach(r -> byUser.computeIfAbsent(r.getKey(), k -> new ArrayList<>()).add(r.getValue()));
    return new TreeMap<>(byUser);
  }
}
