package dev.recsys.ingest.validate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recsys.events.DeadLetterHeaders;
import dev.recsys.events.RejectionReason;
import dev.recsys.events.Topics;
import dev.recsys.ingest.BadRecordCorpus;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidatorTopologyTest {
  static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
  static final Instant T0 = Instant.parse("2026-11-28T11:00:00Z");

  @TempDir java.nio.file.Path stateDir;
  TopologyTestDriver driver;
  TestInputTopic<byte[], byte[]> raw;
  TestOutputTopic<byte[], byte[]> valid;
  TestOutputTopic<byte[], byte[]> deadLetters;

  void start(Map<String, Object> validatorSettings) {
    Properties streams = new Properties();
    streams.put(StreamsConfig.APPLICATION_ID_CONFIG, "validator-test");
    streams.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    streams.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    ValidatorConfig config = new ValidatorConfig(validatorSettings);
    driver = new TopologyTestDriver(ValidatorTopology.build(config, Clock.fixed(NOW, ZoneOffset.UTC)), streams, T0);
    raw = driver.createInputTopic(Topics.RAW, new ByteArraySerializer(), new ByteArraySerializer(), T0, Duration.ofSeconds(1));
    valid = driver.createOutputTopic(Topics.VALID, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    deadLetters = driver.createOutputTopic(Topics.DEAD_LETTER, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  @AfterEach
  void close() {
    if (driver != null) {
      driver.close();
    }
  }

  @Test
  void validEventGoesToTheCleanTopicAsCanonicalJsonKeyedByUser() {
    start(Map.of());
    raw.pipeInput(bytes("u42"), bytes("{\"eventId\":\"e-1\",\"value\":5,\"timestamp\":978300760000,"
        + "\"action\":\"Rating\",\"itemId\":\"m1193\",\"userId\":\"u42\"}"));
    TestRecord<byte[], byte[]> out = valid.readRecord();
    assertEquals("u42", text(out.key()));
    assertEquals("{\"userId\":\"u42\",\"itemId\":\"m1193\",\"action\":\"rating\",\"timestamp\":978300760000,"
        + "\"value\":5.0,\"eventId\":\"e-1\"}", text(out.value()));
    assertEquals(T0, out.getRecordTime());
    assertTrue(valid.isEmpty(), "exactly one output");
    assertTrue(deadLetters.isEmpty());
    assertEquals(1.0, metric("valid-total", Map.of()));
    assertEquals(0.0, metric("rejected-total", Map.of()));
  }

  @Test
  void nullKeyIsAcceptedAndTheOutputIsKeyedByUser() {
    start(Map.of());
    raw.pipeInput((byte[]) null, event("u7", "i1", null));
    assertEquals("u7", text(valid.readRecord().key()));
    assertTrue(valid.isEmpty());
    assertTrue(deadLetters.isEmpty());
  }

  @Test
  void everyBadRecordGoesToTheDeadLetterTopicUntouchedWithItsReason() {
    start(Map.of());
    List<BadRecordCorpus.BadRecord> corpus = BadRecordCorpus.all();
    Set<RejectionReason> seen = EnumSet.noneOf(RejectionReason.class);
    long offset = 0;
    for (BadRecordCorpus.BadRecord bad : corpus) {
      RecordHeaders producerHeaders = new RecordHeaders();
      producerHeaders.add("traceparent", bytes("00-abc-01"));
      raw.pipeInput(new TestRecord<>(bad.key(), bad.value(), producerHeaders, T0));
      assertTrue(valid.isEmpty(), () -> bad.reason() + " leaked to the clean topic");
      TestRecord<byte[], byte[]> out = deadLetters.readRecord();
      assertTrue(deadLetters.isEmpty(), "exactly one dead letter per bad record");
      assertArrayEquals(bad.key(), out.key());
      assertArrayEquals(bad.value(), out.value());
      assertEquals(bad.reason().code(), header(out, DeadLetterHeaders.REASON), () -> header(out, DeadLetterHeaders.DETAIL));
      assertNotNull(header(out, DeadLetterHeaders.DETAIL));
      assertEquals(Topics.RAW, header(out, DeadLetterHeaders.SOURCE_TOPIC));
      assertEquals("0", header(out, DeadLetterHeaders.SOURCE_PARTITION));
      assertEquals(Long.toString(offset++), header(out, DeadLetterHeaders.SOURCE_OFFSET));
      assertEquals("00-abc-01", header(out, "traceparent"), "the producer's headers are kept");
      seen.add(bad.reason());
    }
    Set<RejectionReason> uncovered = EnumSet.complementOf(EnumSet.copyOf(seen));
    uncovered.remove(RejectionReason.DUPLICATE_EVENT); // needs a window; tested below
    uncovered.remove(RejectionReason.PROCESSING_ERROR); // a validator bug; no record triggers it
    assertEquals(Set.of(), uncovered, "reasons without a test record");
    assertEquals((double) corpus.size(), metric("rejected-total", Map.of()));
    assertEquals(1.0, metric("rejected-key-mismatch-total", Map.of("reason", "key-mismatch")));
    assertEquals(0.0, metric("valid-total", Map.of()));
  }

  @Test
  void perUserOrderIsKept() {
    start(Map.of());
    for (int i = 0; i < 20; i++) {
      raw.pipeInput(bytes("u" + i % 3), event("u" + i % 3, "i" + i, null));
    }
    Map<String, Integer> lastItem = new HashMap<>();
    List<TestRecord<byte[], byte[]>> out = valid.readRecordsToList();
    assertEquals(20, out.size());
    for (TestRecord<byte[], byte[]> record : out) {
      String json = text(record.value());
      int item = Integer.parseInt(json.replaceAll(".*\"itemId\":\"i(\\d+)\".*", "$1"));
      Integer previous = lastItem.put(text(record.key()), item);
      assertTrue(previous == null || previous < item, "order broken for " + text(record.key()));
    }
  }

  @Test
  void duplicateEventIdsWithinTheWindowAreDeadLettered() {
    start(Map.of(ValidatorConfig.DEDUP_WINDOW_MS, Duration.ofMinutes(10).toMillis()));
    long t = T0.toEpochMilli();
    long minute = Duration.ofMinutes(1).toMillis();
    raw.pipeInput(bytes("u1"), event("u1", "i1", "e-1", t));
    raw.pipeInput(bytes("u2"), event("u2", "i9", "e-7", t + 12 * minute)); // another user moves event time on
    raw.pipeInput(bytes("u1"), event("u1", "i1", "e-1", t)); // u1's retry, sent after u2's newer event
    raw.pipeInput(bytes("u2"), event("u2", "i1", "e-1", t + minute)); // another user's e-1
    raw.pipeInput(bytes("u1"), event("u1", "i2", null, t + 2 * minute)); // no id: never a duplicate
    raw.pipeInput(bytes("u1"), event("u1", "i2", null, t + 2 * minute));
    raw.pipeInput(bytes("u1"), event("u1", "i1", "e-1", t + 30 * minute)); // same id, outside the window
    assertEquals(List.of("u1", "u2", "u2", "u1", "u1", "u1"),
        valid.readRecordsToList().stream().map(r -> text(r.key())).toList());
    TestRecord<byte[], byte[]> duplicate = deadLetters.readRecord();
    assertEquals("duplicate-event", header(duplicate, DeadLetterHeaders.REASON));
    assertTrue(header(duplicate, DeadLetterHeaders.DETAIL).contains("'e-1'"));
    assertEquals("2", header(duplicate, DeadLetterHeaders.SOURCE_OFFSET));
    assertTrue(deadLetters.isEmpty());
    assertNotNull(driver.getWindowStore(ValidatorTopology.SEEN_EVENT_IDS_STORE));
  }

  @Test
  void deadLettersAreStampedWhenRefusedAndForgedHeadersDoNotPass() {
    start(Map.of());
    RecordHeaders forged = new RecordHeaders();
    forged.add(DeadLetterHeaders.REASON, bytes("not-json"));
    raw.pipeInput(new TestRecord<>(bytes("u1"), event("u1", "i1", null), forged, Instant.parse("2000-01-01T00:00:00Z")));
    assertNull(valid.readRecord().headers().lastHeader(DeadLetterHeaders.REASON), "forged dead-letter header passed");
    raw.pipeInput(new TestRecord<>(bytes("u1"), bytes("{"), new RecordHeaders(), Instant.parse("2000-01-01T00:00:00Z")));
    TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
    assertEquals(Long.toString(Instant.parse("2000-01-01T00:00:00Z").toEpochMilli()), header(dead, DeadLetterHeaders.SOURCE_TIMESTAMP));
    assertEquals(dead.timestamp(), Long.valueOf(header(dead, DeadLetterHeaders.REJECTED_AT)));
    assertTrue(dead.getRecordTime().isAfter(Instant.parse("2020-01-01T00:00:00Z")), "dead letter kept the old record time");
  }

  @Test
  void withoutAWindowNothingIsStored() {
    start(Map.of());
    raw.pipeInput(bytes("u1"), event("u1", "i1", "e-1"));
    raw.pipeInput(bytes("u1"), event("u1", "i1", "e-1"));
    assertEquals(2, valid.readRecordsToList().size());
    assertTrue(driver.getAllStateStores().isEmpty());
  }

  @Test
  void aliasesAndUnknownActionsAreConfigurable() {
    start(Map.of(ValidatorConfig.ACTION_ALIASES, "addToCart=add-to-cart, buy=purchase"));
    raw.pipeInput(bytes("u1"), json("u1", "addToCart"));
    raw.pipeInput(bytes("u1"), json("u1", "buy"));
    raw.pipeInput(bytes("u1"), json("u1", "teleport"));
    assertEquals(List.of("add-to-cart", "purchase"), valid.readRecordsToList().stream()
        .map(r -> text(r.value()).replaceAll(".*\"action\":\"([^\"]+)\".*", "$1")).toList());
    assertEquals("unknown-action", header(deadLetters.readRecord(), DeadLetterHeaders.REASON));
    close();
    start(Map.of(ValidatorConfig.ACCEPT_UNKNOWN_ACTIONS, "true"));
    raw.pipeInput(bytes("u1"), json("u1", "teleport"));
    assertTrue(text(valid.readRecord().value()).contains("\"action\":\"teleport\""));
  }

  @Test
  void aFailureInsideTheChecksDeadLettersTheRecordAndTheStreamGoesOn() {
    Properties streams = new Properties();
    streams.put(StreamsConfig.APPLICATION_ID_CONFIG, "validator-test");
    streams.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    streams.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    // A clock that fails stands in for a bug in the checks: the parser asks it for "now".
    Clock broken = new Clock() {
      @Override public java.time.ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override public Instant instant() {
        throw new IllegalStateException("clock unavailable");
      }
    };
    driver = new TopologyTestDriver(ValidatorTopology.build(new ValidatorConfig(Map.of()), broken), streams, T0);
    raw = driver.createInputTopic(Topics.RAW, new ByteArraySerializer(), new ByteArraySerializer(), T0, Duration.ofSeconds(1));
    valid = driver.createOutputTopic(Topics.VALID, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    deadLetters = driver.createOutputTopic(Topics.DEAD_LETTER, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    raw.pipeInput(bytes("u1"), event("u1", "i1", null));
    raw.pipeInput(bytes("u1"), bytes("not json"));
    TestRecord<byte[], byte[]> failed = deadLetters.readRecord();
    assertEquals("processing-error", header(failed, DeadLetterHeaders.REASON));
    assertTrue(header(failed, DeadLetterHeaders.DETAIL).contains("clock unavailable"));
    assertEquals("not-json", header(deadLetters.readRecord(), DeadLetterHeaders.REASON), "the next record is still judged");
    assertTrue(valid.isEmpty());
    assertTrue(deadLetters.isEmpty());
  }

  @Test
  void badSettingsNameTheSetting() {
    ConfigException alias = assertThrows(ConfigException.class,
        () -> new ValidatorConfig(Map.of(ValidatorConfig.ACTION_ALIASES, "buy")));
    assertTrue(alias.getMessage().contains(ValidatorConfig.ACTION_ALIASES), alias.getMessage());
    ConfigException window = assertThrows(ConfigException.class,
        () -> new ValidatorConfig(Map.of(ValidatorConfig.DEDUP_WINDOW_MS, "-1")));
    assertTrue(window.getMessage().contains(ValidatorConfig.DEDUP_WINDOW_MS), window.getMessage());
    ConfigException time = assertThrows(ConfigException.class,
        () -> new ValidatorConfig(Map.of(ValidatorConfig.MIN_TIMESTAMP, "1995")));
    assertTrue(time.getMessage().contains(ValidatorConfig.MIN_TIMESTAMP), time.getMessage());
  }

  private double metric(String name, Map<String, String> tags) {
    double sum = 0;
    boolean found = false;
    for (Map.Entry<MetricName, ? extends org.apache.kafka.common.Metric> entry : driver.metrics().entrySet()) {
      MetricName metricName = entry.getKey();
      if (metricName.group().equals(ValidatorMetrics.GROUP) && metricName.name().equals(name)
          && metricName.tags().entrySet().containsAll(tags.entrySet())) {
        sum += ((Number) entry.getValue().metricValue()).doubleValue();
        found = true;
      }
    }
    assertTrue(found, "no metric " + name + " in " + ValidatorMetrics.GROUP);
    return sum;
  }

  private static byte[] event(String user, String item, String eventId) {
    return event(user, item, eventId, 1_600_000_000_000L);
  }

  private static byte[] event(String user, String item, String eventId, long eventTime) {
    return bytes("{\"userId\":\"" + user + "\",\"itemId\":\"" + item + "\",\"action\":\"view\",\"timestamp\":" + eventTime
        + (eventId == null ? "" : ",\"eventId\":\"" + eventId + "\"") + "}");
  }

  private static byte[] json(String user, String action) {
    return bytes("{\"userId\":\"" + user + "\",\"itemId\":\"i\",\"action\":\"" + action + "\",\"timestamp\":1600000000000}");
  }

  private static String header(TestRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : text(header.value());
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] bytes) {
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }
}
