package dev.recsys.stream.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recsys.events.ModelUpdate;
import dev.recsys.events.Recommendation;
import dev.recsys.model.SasrecModel;
import dev.recsys.model.inference.Recommendations;
import dev.recsys.model.inference.Recommender;
import dev.recsys.stream.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.TwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scoring operator record by record: batching, flushing, parity with the model, model swaps. */
class ScoringOperatorTest {
  private static final int K = 5;
  private static final long TIMEOUT_MS = 100;
  @TempDir static Path dir;
  private static SasrecModel modelV1;
  private static ModelUpdate v1;
  private static ModelUpdate v2;
  private long offset;

  @BeforeAll
  static void models() {
    modelV1 = TestModels.model(TestModels.itemIds(30), TestModels.SMALL, 1);
    v1 = TestModels.save(modelV1, dir.resolve("v1.sasrec"), "v1");
    // A retrained model: the same items first, two new ones after, different weights.
    v2 = TestModels.save(TestModels.model(TestModels.itemIds(32), TestModels.SMALL, 2), dir.resolve("v2.sasrec"), "v2");
  }

  private static TwoInputStreamOperatorTestHarness<ScoringRequest, ModelUpdate, Recommendation> harness(int batchSize)
      throws Exception {
    return new TwoInputStreamOperatorTestHarness<>(new ScoringOperator(v1, K, batchSize, Duration.ofMillis(TIMEOUT_MS)));
  }

  private ScoringRequest request(String user, String... history) {
    return new ScoringRequest(user, history, 1_000L + offset, "e" + offset, 1, offset++, 0);
  }

  private static void assertMatchesModel(SasrecModel model, ScoringRequest request, Recommendation actual) {
    Recommendations expected = new Recommender(model).recommend(request.historyList(), K);
    assertEquals(request.userId(), actual.userId());
    assertEquals(expected.coldStart(), actual.coldStart());
    assertEquals(expected.items().stream().map(i -> i.itemId()).toList(),
        actual.items().stream().map(Recommendation.Item::itemId).toList(), "items for " + request);
    for (int i = 0; i < K; i++) {
      assertEquals(expected.items().get(i).score(), actual.items().get(i).score(), 1e-5);
    }
    assertEquals(request.eventTime(), actual.eventTime());
    assertEquals(request.eventId(), actual.eventId());
    assertEquals(request.offset(), actual.sourceOffset());
    assertEquals(request.partition(), actual.sourcePartition());
  }

  @Test
  void scoresAFullBatchAtOnceWithTheModelsOwnRanking() throws Exception {
    try (var h = harness(3)) {
      h.open();
      List<ScoringRequest> requests = List.of(request("u1", "i1", "i2"), request("u2", "i7"),
          request("u3", "i3", "i9", "i4", "i3", "i30", "i12", "i5", "i6", "i7", "i8"));
      h.processElement1(requests.get(0), 0);
      h.processElement1(requests.get(1), 0);
      assertEquals(List.of(), h.extractOutputValues(), "a batch waits until it is full");
      h.processElement1(requests.get(2), 0);
      List<Recommendation> out = h.extractOutputValues();
      assertEquals(3, out.size());
      for (int i = 0; i < 3; i++) {
        assertMatchesModel(modelV1, requests.get(i), out.get(i));
        assertEquals("v1", out.get(i).modelVersion());
        for (String seen : requests.get(i).history()) {
          assertFalse(out.get(i).items().stream().anyMatch(item -> item.itemId().equals(seen)), "seen item " + seen);
        }
      }
      assertEquals(0, h.getProcessingTimeService().getNumActiveTimers(), "no timer left once the batch went out");
    }
  }

  @Test
  void flushesAPartialBatchOnItsTimeout() throws Exception {
    try (var h = harness(64)) {
      h.open();
      h.setProcessingTime(1_000);
      ScoringRequest request = request("u1", "i4");
      h.processElement1(request, 0);
      h.setProcessingTime(1_000 + TIMEOUT_MS - 1);
      assertEquals(List.of(), h.extractOutputValues());
      h.setProcessingTime(1_000 + TIMEOUT_MS);
      assertEquals(1, h.extractOutputValues().size());
      assertMatchesModel(modelV1, request, h.extractOutputValues().get(0));
      assertEquals(1_000 + TIMEOUT_MS, h.extractOutputValues().get(0).processedAt());
    }
  }

  @Test
  void flushesBeforeTheCheckpointBarrierAndAtEndOfInput() throws Exception {
    try (var h = harness(64)) {
      h.open();
      h.processElement1(request("u1", "i4"), 0);
      h.prepareSnapshotPreBarrier(1);
      assertEquals(1, h.extractOutputValues().size(), "nothing may stay buffered across a checkpoint");
      h.processElement1(request("u2", "i5"), 0);
      h.endInput1();
      assertEquals(2, h.extractOutputValues().size());
    }
  }

  @Test
  void aHistoryWithNoKnownItemGetsThePopularItemsFlaggedColdStart() throws Exception {
    try (var h = harness(1)) {
      h.open();
      h.processElement1(request("u1", "new-1", "new-2"), 0);
      Recommendation out = h.extractOutputValues().get(0);
      assertTrue(out.coldStart());
      assertEquals(List.of("i1", "i2", "i3", "i4", "i5"), out.items().stream().map(Recommendation.Item::itemId).toList());
    }
  }

  /** Scores one request at a time until {@code version} serves (the load runs on another thread). */
  private Recommendation awaitVersion(TwoInputStreamOperatorTestHarness<ScoringRequest, ModelUpdate, Recommendation> h,
      String version, List<String> seen) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      h.processElement1(request("u", "i3"), 0);
      h.prepareSnapshotPreBarrier(0);
      Recommendation last = h.extractOutputValues().get(h.extractOutputValues().size() - 1);
      seen.add(last.modelVersion());
      if (last.modelVersion().equals(version)) {
        return last;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("model " + version + " never served; versions seen: " + seen);
  }

  @Test
  void swapsInAnAnnouncedModelAndKeepsItAcrossARestore() throws Exception {
    OperatorSubtaskState snapshot;
    try (var h = harness(1)) {
      h.open();
      h.processElement2(v2, 0);
      List<String> seen = new ArrayList<>();
      Recommendation first = awaitVersion(h, "v2", seen);
      assertMatchesModel(SasrecModel.load(dir.resolve("v2.sasrec")),
          new ScoringRequest("u", new String[] {"i3"}, first.eventTime(), first.eventId(), 1, first.sourceOffset(), 0),
          first);
      assertTrue(seen.stream().allMatch(v -> v.equals("v1") || v.equals("v2")), seen.toString());
      snapshot = h.snapshot(1, 0);
    }
    try (var h = harness(1)) {
      h.initializeState(snapshot);
      h.open();
      h.processElement1(request("u", "i3"), 0);
      assertEquals("v2", h.extractOutputValues().get(0).modelVersion(), "a restore serves the model it had");
    }
  }

  @Test
  void refusesBadModelsAndKeepsServingTheOldOne() throws Exception {
    Path corrupt = dir.resolve("corrupt.sasrec");
    byte[] bytes = Files.readAllBytes(dir.resolve("v2.sasrec"));
    bytes[bytes.length / 2] ^= 0x5a;
    Files.write(corrupt, bytes);
    Path otherCatalogue = dir.resolve("other.sasrec");
    List<String> otherIds = new ArrayList<>(TestModels.itemIds(30));
    java.util.Collections.reverse(otherIds);
    List<ModelUpdate> bad = List.of(
        new ModelUpdate("missing", dir.resolve("nope.sasrec").toString(), v2.sha256()),
        new ModelUpdate("mismatch", v2.uri(), v1.sha256()),
        new ModelUpdate("corrupt", corrupt.toUri().toString(), sha256(corrupt)),
        TestModels.save(TestModels.model(otherIds, TestModels.SMALL, 3), otherCatalogue, "other-catalogue"),
        new ModelUpdate("remote", "s3://bucket/v9.sasrec", v2.sha256()));
    try (var h = harness(1)) {
      h.open();
      for (ModelUpdate update : bad) {
        h.processElement2(update, 0);
      }
      // Announcements load one after another: once v2 serves, every bad one before it was refused.
      h.processElement2(v2, 0);
      List<String> seen = new ArrayList<>();
      awaitVersion(h, "v2", seen);
      assertTrue(seen.stream().allMatch(v -> v.equals("v1") || v.equals("v2")), "served only v1 then v2: " + seen);
    }
  }

  @Test
  void rejectsAnIncompatibleVocabularyWithTheIndexNamed() throws Exception {
    List<String> ids = new ArrayList<>(TestModels.itemIds(30));
    ids.set(4, "renamed");
    ModelUpdate renamed = TestModels.save(TestModels.model(ids, TestModels.SMALL, 4), dir.resolve("renamed.sasrec"), "r");
    ServingModel serving = ModelLoader.load(v1, null);
    ModelRefusedException e = org.junit.jupiter.api.Assertions.assertThrows(ModelRefusedException.class,
        () -> ModelLoader.load(renamed, serving));
    assertTrue(e.getMessage().contains("incompatible vocabulary, item index 5 is 'renamed' but 'i5'"), e.getMessage());
    ModelRefusedException mismatch = org.junit.jupiter.api.Assertions.assertThrows(ModelRefusedException.class,
        () -> ModelLoader.load(new ModelUpdate("m", v2.uri(), v1.sha256()), serving));
    assertTrue(mismatch.getMessage().contains("checksum mismatch"), mismatch.getMessage());
  }

  private static String sha256(Path file) throws IOException {
    return dev.recsys.model.artifact.ArtifactFile.sha256(file);
  }
}
