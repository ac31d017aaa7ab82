package dev.recsys.stream.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recsys.events.DeadLetterHeaders;
import dev.recsys.events.ModelUpdate;
import dev.recsys.events.Recommendation;
import dev.recsys.events.UserAction;
import dev.recsys.ingest.SharedBroker;
import dev.recsys.ingest.broker.LocalKafkaBroker;
import dev.recsys.model.SasrecModel;
import dev.recsys.model.inference.Recommendations;
import dev.recsys.model.inference.Recommender;
import dev.recsys.stream.TestModels;
import dev.recsys.stream.config.StreamSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole job on a Flink MiniCluster with RocksDB state and exactly-once Kafka output, against a
 * real broker: parity with the model module, crash and restore, and a model swap mid-stream.
 */
@ExtendWith(SharedBroker.class)
class RecommendationJobOnBrokerTest {
  private static final int K = 10;
  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  @TempDir static Path models;
  @TempDir Path dir;
  private static SasrecModel model;
  private static ModelUpdate v1;

  @BeforeAll
  static void model() {
    model = TestModels.model(TestModels.itemIds(30), TestModels.SMALL, 7);
    v1 = TestModels.save(model, models.resolve("v1.sasrec"), "v1");
  }

  /**
   * Users with 8-15 events over items i1..i40 (i31..i40 are unknown to the model), one user who
   * only ever meets unknown items (cold start throughout); per-user order, users interleaved.
   */
  private static List<UserAction> actions(int users, long seed) {
    Random random = new Random(seed);
    Map<String, Integer> remaining = new TreeMap<>();
    for (int u = 0; u < users; u++) {
      remaining.put("u" + u, 8 + random.nextInt(8));
    }
    remaining.put("cold", 4);
    List<UserAction> actions = new ArrayList<>();
    long time = 1_600_000_000_000L;
    while (!remaining.isEmpty()) {
      List<String> open = new ArrayList<>(remaining.keySet());
      String user = open.get(random.nextInt(open.size()));
      String item = user.equals("cold") ? "i" + (35 + random.nextInt(6)) : "i" + (1 + random.nextInt(40));
      actions.add(UserAction.of(user, item, "view", time += 1000));
      remaining.merge(user, -1, Integer::sum);
      remaining.remove(user, 0);
    }
    return actions;
  }

  private static String where(int partition, long offset) {
    return partition + "@" + offset;
  }

  @Test
  void everyRecommendationEqualsTheModelsOwnForTheSameHistory(LocalKafkaBroker broker) throws Exception {
    JobHarness run = new JobHarness(broker, dir.resolve("checkpoints"), 3);
    JobClient job = JobHarness.start(run.configuration(v1.uri(), 2, 8), "parity");
    try {
      List<UserAction> actions = actions(12, 1);
      List<RecordMetadata> written = run.produce(actions);
      run.produceRaw(run.input, "u1".getBytes(StandardCharsets.UTF_8), "{not json".getBytes(StandardCharsets.UTF_8));
      run.produceRaw(run.input, "someone-else".getBytes(StandardCharsets.UTF_8),
          dev.recsys.events.UserActionJson.toBytes(UserAction.of("u2", "i1", "view", 1_600_000_000_000L)));

      List<Recommendation> recs = run.recommendations(JobHarness.atLeast(actions.size()), TIMEOUT, Duration.ofSeconds(2));
      assertEquals(actions.size(), recs.size(), "one recommendation per event, no more");

      Map<String, Recommendation> bySource = new HashMap<>();
      recs.forEach(r -> bySource.put(where(r.sourcePartition(), r.sourceOffset()), r));
      Map<String, List<String>> histories = new HashMap<>();
      Recommender offline = new Recommender(model);
      for (int i = 0; i < actions.size(); i++) {
        UserAction action = actions.get(i);
        List<String> history = histories.computeIfAbsent(action.userId(), u -> new ArrayList<>());
        history.add(action.itemId());
        List<String> kept = history.subList(Math.max(0, history.size() - TestModels.SMALL.maxLen()), history.size());
        Recommendation online = bySource.get(where(written.get(i).partition(), written.get(i).offset()));
        assertTrue(online != null, "no recommendation for event " + i + " " + action);
        Recommendations expected = offline.recommend(kept, K);
        assertEquals(action.userId(), online.userId());
        assertEquals(action.timestamp(), online.eventTime());
        assertEquals("v1", online.modelVersion());
        assertEquals(expected.coldStart(), online.coldStart(), "cold start of " + action);
        assertEquals(expected.items().stream().map(item -> item.itemId()).toList(),
            online.items().stream().map(Recommendation.Item::itemId).toList(), "items after event " + i);
        for (int j = 0; j < K; j++) {
          assertEquals(expected.items().get(j).score(), online.items().get(j).score(), 1e-5, "score " + j + " of event " + i);
        }
      }
      assertTrue(recs.stream().anyMatch(Recommendation::coldStart), "the cold user was covered");

      List<ConsumerRecord<byte[], byte[]>> dead = run.readUntil(run.deadLetters, JobHarness.atLeast(2), TIMEOUT, Duration.ZERO);
      assertEquals(2, dead.size());
      assertEquals(List.of("not-json", "key-mismatch"), dead.stream()
          .map(r -> new String(r.headers().lastHeader(DeadLetterHeaders.REASON).value(), StandardCharsets.UTF_8)).toList());
      assertEquals("{not json", new String(dead.get(0).value(), StandardCharsets.UTF_8), "original bytes kept");
    } finally {
      JobHarness.stop(job);
    }
  }

  /** Throws once, in whichever subtask first sees its {@code after}-th record; a marker file keeps it to once. */
  static final class FailOnceAfter implements MapFunction<dev.recsys.stream.kafka.IncomingRecord, dev.recsys.stream.kafka.IncomingRecord> {
    private static final long serialVersionUID = 1L;
    private final String marker;
    private final int after;
    private int seen;

    FailOnceAfter(Path marker, int after) {
      this.marker = marker.toString();
      this.after = after;
    }

    @Override
    public dev.recsys.stream.kafka.IncomingRecord map(dev.recsys.stream.kafka.IncomingRecord record) throws Exception {
      if (++seen == after) {
        try {
          Files.createFile(Path.of(marker));
        } catch (FileAlreadyExistsException e) {
          return record;
        }
        throw new IllegalStateException("injected failure after " + after + " records");
      }
      return record;
    }
  }

  @Test
  void aCrashAndRestoreNeitherLosesNorRepeatsARecommendation(LocalKafkaBroker broker) throws Exception {
    JobHarness run = new JobHarness(broker, dir.resolve("checkpoints"), 3);
    Configuration config = run.configuration(v1.uri(), 2, 4);
    StreamExecutionEnvironment env = JobHarness.environment(config);
    StreamSettings settings = JobHarness.settings(config);
    JobModel startModel = JobModel.read(settings.modelPath(), settings.modelVersion());
    Path marker = dir.resolve("failed-once");
    DataStream<dev.recsys.stream.kafka.IncomingRecord> records = env
        .fromSource(KafkaConnectors.events(settings), KafkaConnectors.watermarks(settings), "events")
        .map(new FailOnceAfter(marker, 40));
    DataStream<ModelUpdate> updates =
        env.fromSource(KafkaConnectors.modelUpdates(settings), WatermarkStrategy.noWatermarks(), "updates");
    RecommendationJob.Outputs outputs = RecommendationJob.pipeline(records, updates, startModel, settings);
    outputs.recommendations().sinkTo(KafkaConnectors.recommendations(settings));
    outputs.deadLetters().sinkTo(KafkaConnectors.deadLetters(settings));
    JobClient job = env.executeAsync("crash-and-restore");
    try {
      List<UserAction> actions = actions(16, 2);
      int half = actions.size() / 2;
      List<RecordMetadata> written = new ArrayList<>(run.produce(actions.subList(0, half)));
      // The first half is committed (a checkpoint completed) before the failure can happen, so the
      // restore starts from a real checkpoint, not from scratch.
      run.recommendations(JobHarness.atLeast(half), TIMEOUT, Duration.ZERO);
      written.addAll(run.produce(actions.subList(half, actions.size())));

      List<Recommendation> recs = run.recommendations(JobHarness.atLeast(actions.size()), TIMEOUT, Duration.ofSeconds(3));
      assertTrue(Files.exists(marker), "the failure was injected");
      Set<String> expected = new HashSet<>();
      written.forEach(m -> expected.add(where(m.partition(), m.offset())));
      List<String> produced = recs.stream().map(r -> where(r.sourcePartition(), r.sourceOffset())).toList();
      assertEquals(expected, new HashSet<>(produced), "every event has a recommendation");
      assertEquals(produced.size(), new HashSet<>(produced).size(), "and only one: " + produced.size() + " records");
      // Histories were restored, not rebuilt from a partial replay: the last list of each user
      // comes from the user's whole history.
      Map<String, List<String>> histories = new HashMap<>();
      actions.forEach(a -> histories.computeIfAbsent(a.userId(), u -> new ArrayList<>()).add(a.itemId()));
      Recommender offline = new Recommender(model);
      for (Recommendation rec : recs) {
        List<String> history = histories.get(rec.userId());
        UserAction last = actions.stream().filter(a -> a.userId().equals(rec.userId())).reduce((a, b) -> b).orElseThrow();
        if (rec.eventTime() == last.timestamp()) {
          List<String> kept = history.subList(Math.max(0, history.size() - TestModels.SMALL.maxLen()), history.size());
          assertEquals(offline.recommend(kept, K).items().stream().map(i -> i.itemId()).toList(),
              rec.items().stream().map(Recommendation.Item::itemId).toList(), "final list of " + rec.userId());
        }
      }
    } finally {
      JobHarness.stop(job);
    }
  }

  @Test
  void aModelAnnouncedMidStreamReplacesTheOldOneAndABadOneIsRefused(LocalKafkaBroker broker) throws Exception {
    JobHarness run = new JobHarness(broker, dir.resolve("checkpoints"), 1);
    JobClient job = JobHarness.start(run.configuration(v1.uri(), 1, 4), "swap");
    ModelUpdate v2 = TestModels.save(TestModels.model(TestModels.itemIds(34), TestModels.SMALL, 8),
        models.resolve("v2.sasrec"), "v2");
    ModelUpdate v3 = TestModels.save(TestModels.model(TestModels.itemIds(36), TestModels.SMALL, 9),
        models.resolve("v3.sasrec"), "v3");
    ModelUpdate corrupt = new ModelUpdate("corrupt", v3.uri(), v2.sha256());
    try {
      List<UserAction> first = actions(3, 3);
      run.produce(first);
      run.recommendations(JobHarness.atLeast(first.size()), TIMEOUT, Duration.ZERO);
      run.announce(v2);
      int sent = first.size() + produceUntil(run, "v2", first.size());
      run.announce(corrupt);
      run.announce(v3);
      sent += produceUntil(run, "v3", sent);

      List<Recommendation> recs = run.recommendations(JobHarness.atLeast(sent), TIMEOUT, Duration.ofSeconds(1));
      assertEquals(sent, recs.size());
      List<String> versions = recs.stream()
          .sorted(java.util.Comparator.comparingLong(Recommendation::sourceOffset))
          .map(Recommendation::modelVersion).toList();
      assertEquals(List.of("v1"), versions.subList(0, first.size()).stream().distinct().toList(),
          "before the announcement: v1");
      List<String> order = versions.stream().distinct().toList();
      assertEquals(List.of("v1", "v2", "v3"), order, "versions change once each, in order, never to the corrupt one: " + versions);
    } finally {
      JobHarness.stop(job);
    }
  }

  /** Sends one event at a time until a recommendation made by {@code version} is visible; returns how many were sent. */
  private static int produceUntil(JobHarness run, String version, int alreadySent) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    int sent = 0;
    while (System.nanoTime() < deadline) {
      run.produce(List.of(UserAction.of("u0", "i" + (1 + sent % 30), "view", 1_700_000_000_000L + alreadySent + sent)));
      sent++;
      int total = alreadySent + sent;
      List<Recommendation> recs = run.recommendations(JobHarness.atLeast(total), Duration.ofSeconds(30), Duration.ZERO);
      if (recs.stream().anyMatch(r -> r.modelVersion().equals(version))) {
        return sent;
      }
      Thread.sleep(200);
    }
    throw new AssertionError(version + " never served");
  }
}
