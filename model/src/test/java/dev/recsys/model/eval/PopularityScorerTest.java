package dev.recsys.model.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.recsys.model.data.UserSequence;
import java.util.List;
import org.junit.jupiter.api.Test;

class PopularityScorerTest {

  @Test
  void countsOnlyTrainingOccurrences() {
    // Held-out items (4 and 5 for "a", 1 and 3 for "c") must not count.
    LeaveOneOut split = new LeaveOneOut(List.of(
        new UserSequence("a", new int[] {2, 2, 3, 4, 5}),
        new UserSequence("b", new int[] {2, 5}),
        new UserSequence("c", new int[] {3, 1, 3})), 5);
    PopularityScorer popularity = PopularityScorer.fromTraining(split);
    assertArrayEquals(new long[] {0, 0, 3, 2, 0, 1}, popularity.counts());
    assertEquals(5, popularity.numItems());

    float[][] scores = popularity.score(List.of(new int[] {1}, new int[] {4, 5}));
    assertEquals(2, scores.length);
    for (float[] row : scores) {
      assertEquals(Float.NEGATIVE_INFINITY, row[0]);
      assertArrayEquals(new float[] {0, 3, 2, 0, 1}, java.util.Arrays.copyOfRange(row, 1, 6));
    }
  }

  @Test
  void rowsAreIndependentCopies() {
    PopularityScorer popularity = new PopularityScorer(new long[] {0, 1, 2});
    float[][] scores = popularity.score(List.of(new int[] {1}, new int[] {2}));
    scores[0][1] = 99;
    assertEquals(1f, scores[1][1]);
    assertEquals(1f, popularity.score(List.of(new int[] {1}))[0][1]);
  }

  @Test
  void fromCountsRanksByCountUnderTheEvaluator() {
    // Item 3 is the most popular; the one evaluated user's test target is 3.
    LeaveOneOut split = new LeaveOneOut(List.of(new UserSequence("u", new int[] {1, 2, 3})), 6);
    PopularityScorer popularity = new PopularityScorer(new long[] {0, 50, 40, 30, 20, 10, 5});
    EvaluationResult result = new Evaluator(split, new EvaluationOptions(100, 0, 1, 8))
        .evaluate(popularity, EvaluationStage.TEST);
    // Full: candidates 3..6 (1 and 2 are history), so 3 ranks first. Sampled: negatives 4..6 only.
    assertEquals(1.0, result.full().get("HR@1"));
    assertEquals(1.0, result.sampled().get("HR@1"));
    // Validation: target 2 from history [1]; full candidates 2..6, item 2 has the top count.
    EvaluationResult validation = new Evaluator(split, new EvaluationOptions(100, 0, 1, 8))
        .evaluate(popularity, EvaluationStage.VALIDATION);
    assertEquals(1.0, validation.full().get("MRR"));
  }

  @Test
  void targetBelowPopularItemsGetsTheirCountAsRank() {
    LeaveOneOut split = new LeaveOneOut(List.of(new UserSequence("u", new int[] {1, 2, 6})), 6);
    PopularityScorer popularity = new PopularityScorer(new long[] {0, 50, 40, 30, 20, 10, 5});
    EvaluationResult result = new Evaluator(split, new EvaluationOptions(100, 0, 1, 8))
        .evaluate(popularity, EvaluationStage.TEST);
    // Candidates 3, 4, 5 all beat item 6: rank 4.
    assertEquals(0.25, result.full().get("MRR"), 1e-12);
    assertEquals(0.25, result.sampled().get("MRR"), 1e-12);
  }

  @Test
  void rejectsBadCounts() {
    assertThrows(IllegalArgumentException.class, () -> new PopularityScorer(new long[] {0}));
    assertThrows(IllegalArgumentException.class, () -> new PopularityScorer(new long[] {0, -1}));
    assertThrows(IllegalArgumentException.class, () -> PopularityScorer.fromTraining(
        List.of(new UserSequence("u", new int[] {7})), 5));
  }
}
