package dev.recsys.model.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RankingMetricsTest {
  private static final double EPS = 1e-12;

  private static Map<String, Double> metricsOf(int... ranks) {
    RankingMetrics metrics = new RankingMetrics();
    for (int rank : ranks) {
      metrics.add(rank);
    }
    return metrics.toMap();
  }

  @Test
  void rankOneIsPerfectEverywhere() {
    Map<String, Double> m = metricsOf(1);
    m.values().forEach(v -> assertEquals(1.0, v, EPS));
  }

  @Test
  void rankThreeMissesHrAt1AndHasNdcgOneHalf() {
    Map<String, Double> m = metricsOf(3);
    assertEquals(0.0, m.get("HR@1"), EPS);
    assertEquals(1.0, m.get("HR@5"), EPS);
    assertEquals(1.0, m.get("HR@10"), EPS);
    assertEquals(1.0, m.get("HR@20"), EPS);
    assertEquals(0.5, m.get("NDCG@5"), EPS); // 1 / log2(4)
    assertEquals(0.5, m.get("NDCG@10"), EPS);
    assertEquals(0.5, m.get("NDCG@20"), EPS);
    assertEquals(1.0 / 3, m.get("MRR"), EPS);
  }

  @Test
  void rankBeyondTwentyScoresOnlyInMrr() {
    Map<String, Double> m = metricsOf(25);
    for (String key : List.of("HR@1", "HR@5", "HR@10", "HR@20", "NDCG@5", "NDCG@10", "NDCG@20")) {
      assertEquals(0.0, m.get(key), EPS, key);
    }
    assertEquals(1.0 / 25, m.get("MRR"), EPS);
  }

  @Test
  void cutoffsAreInclusiveAndMeansAverageOverUsers() {
    // ranks 1, 7 (1/log2 8 = 1/3), 10 (inclusive at 10), 20 (inclusive at 20)
    Map<String, Double> m = metricsOf(1, 7, 10, 20);
    assertEquals(0.25, m.get("HR@1"), EPS);
    assertEquals(0.25, m.get("HR@5"), EPS);
    assertEquals(0.75, m.get("HR@10"), EPS);
    assertEquals(1.0, m.get("HR@20"), EPS);
    double g10 = 1 / (Math.log(11) / Math.log(2));
    double g20 = 1 / (Math.log(21) / Math.log(2));
    assertEquals(0.25, m.get("NDCG@5"), EPS);
    assertEquals((1 + 1.0 / 3 + g10) / 4, m.get("NDCG@10"), EPS);
    assertEquals((1 + 1.0 / 3 + g10 + g20) / 4, m.get("NDCG@20"), EPS);
    assertEquals((1 + 1.0 / 7 + 1.0 / 10 + 1.0 / 20) / 4, m.get("MRR"), EPS);
  }

  @Test
  void keysComeInTheDocumentedOrder() {
    assertEquals(
        List.of("HR@1", "HR@5", "HR@10", "HR@20", "NDCG@5", "NDCG@10", "NDCG@20", "MRR"),
        new ArrayList<>(metricsOf(2).keySet()));
  }

  @Test
  void rankCountsStrictlyHigherScores() {
    float[] scores = {0f, 0.9f, 0.5f, 0.7f, 0.1f};
    assertEquals(3, RankingMetrics.rankOf(scores, 2, new int[] {1, 2, 3, 4}));
    assertEquals(1, RankingMetrics.rankOf(scores, 1, new int[] {1, 2, 3, 4}));
    assertEquals(4, RankingMetrics.rankOf(scores, 4, new int[] {1, 2, 3, 4}));
  }

  @Test
  void tiesCountAgainstTheTarget() {
    float[] scores = {0f, 0.5f, 0.5f, 0.5f, 0.1f};
    assertEquals(3, RankingMetrics.rankOf(scores, 2, new int[] {1, 2, 3, 4}));
    float[] allEqual = {0f, 1f, 1f, 1f, 1f};
    assertEquals(4, RankingMetrics.rankOf(allEqual, 1, new int[] {1, 2, 3, 4}));
  }

  @Test
  void targetPresenceAndPositionInCandidatesDoNotMatter() {
    float[] scores = new float[51];
    Random random = new Random(7);
    for (int i = 1; i < scores.length; i++) {
      scores[i] = random.nextInt(10); // many ties on purpose
    }
    int target = 17;
    List<Integer> others = new ArrayList<>();
    for (int i = 1; i <= 50; i++) {
      if (i != target) {
        others.add(i);
      }
    }
    int expected = RankingMetrics.rankOf(scores, target, toArray(others));
    for (int trial = 0; trial < 20; trial++) {
      List<Integer> withTarget = new ArrayList<>(others);
      withTarget.add(random.nextInt(withTarget.size() + 1), target);
      Collections.shuffle(withTarget, random);
      assertEquals(expected, RankingMetrics.rankOf(scores, target, toArray(withTarget)));
    }
    int strictlyAbove = 0;
    for (int other : others) {
      strictlyAbove += scores[other] >= scores[target] ? 1 : 0;
    }
    assertEquals(strictlyAbove + 1, expected);
  }

  @Test
  void nanScoresNeverHelpTheTarget() {
    float[] nanTarget = {0f, Float.NaN, 0.3f, 0.2f};
    assertEquals(3, RankingMetrics.rankOf(nanTarget, 1, new int[] {1, 2, 3}));
    float[] nanOther = {0f, 0.9f, Float.NaN, 0.2f};
    assertEquals(2, RankingMetrics.rankOf(nanOther, 1, new int[] {1, 2, 3}));
  }

  @Test
  void rejectsInvalidRankAndEmptyAccumulator() {
    assertThrows(IllegalArgumentException.class, () -> new RankingMetrics().add(0));
    assertThrows(IllegalStateException.class, () -> new RankingMetrics().toMap());
  }

  private static int[] toArray(List<Integer> items) {
    return items.stream().mapToInt(Integer::intValue).toArray();
  }
}
