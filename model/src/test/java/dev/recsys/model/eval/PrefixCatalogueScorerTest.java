package dev.recsys.model.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.recsys.model.data.UserSequence;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrefixCatalogueScorerTest {
  private static final double EPS = 1e-12;

  /** Scores item i as i after any history (so higher index = better), and remembers what it saw. */
  private static final class Ascending implements SequenceScorer {
    final List<int[]> seen = new ArrayList<>();
    private final int numItems;

    Ascending(int numItems) {
      this.numItems = numItems;
    }

    @Override
    public float[][] score(List<int[]> histories) {
      seen.addAll(histories);
      float[][] rows = new float[histories.size()][numItems + 1];
      for (float[] row : rows) {
        for (int i = 0; i <= numItems; i++) {
          row[i] = i;
        }
      }
      return rows;
    }

    @Override
    public int numItems() {
      return numItems;
    }
  }

  @Test
  void dropsUnknownItemsFromHistoriesAndScoresUnknownItemsLowest() {
    Ascending known = new Ascending(4);
    PrefixCatalogueScorer scorer = new PrefixCatalogueScorer(known, new Ascending(4), 6);

    float[][] rows = scorer.score(List.of(new int[] {1, 5, 3, 6}));

    assertArrayEquals(new int[] {1, 3}, known.seen.get(0));
    assertEquals(7, rows[0].length);
    assertArrayEquals(new float[] {0, 1, 2, 3, 4, Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY}, rows[0]);
    assertEquals(6, scorer.numItems());
  }

  @Test
  void aHistoryOfOnlyNewItemsGoesToTheColdStartScorerInItsPlace() {
    Ascending known = new Ascending(3);
    SequenceScorer popularity = new PopularityScorer(new long[] {0, 9, 8, 7});
    PrefixCatalogueScorer scorer = new PrefixCatalogueScorer(known, popularity, 5);

    float[][] rows = scorer.score(List.of(new int[] {2}, new int[] {4, 5}, new int[] {1, 4}));

    assertEquals(2, known.seen.size());
    assertArrayEquals(new float[] {0, 1, 2, 3, Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY}, rows[0]);
    assertArrayEquals(new float[] {Float.NEGATIVE_INFINITY, 9, 8, 7, Float.NEGATIVE_INFINITY,
        Float.NEGATIVE_INFINITY}, rows[1]);
    assertArrayEquals(new float[] {0, 1, 2, 3, Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY}, rows[2]);
  }

  @Test
  void aTargetTheScorerCannotKnowRanksLastNotFirst() {
    float[] row = new PrefixCatalogueScorer(new Ascending(3), new Ascending(3), 6).score(List.of(new int[] {1}))[0];
    // Target 5 (unknown, -inf) against every other item, unknown ones (also -inf) included: ties go against it.
    assertEquals(6, RankingMetrics.rankOf(row, 5, new int[] {2, 3, 4, 5, 6, 1}));
    assertEquals(4, RankingMetrics.rankOf(row, 5, new int[] {4, 6, 1}));
  }

  @Test
  void inTheEvaluatorTheServingModelGetsNoCreditForNewItems() {
    // 12 users whose test item (7 or 8) is new to a scorer that knows items 1..6; 8 items in all.
    List<UserSequence> users = new ArrayList<>();
    for (int u = 0; u < 12; u++) {
      users.add(new UserSequence("u" + u, new int[] {1 + u % 3, 4, 7 + u % 2}));
    }
    LeaveOneOut split = new LeaveOneOut(users, 8);
    Evaluator evaluator = new Evaluator(split, new EvaluationOptions(3, 0, 1, 5));

    EvaluationResult result = evaluator.evaluate(
        new PrefixCatalogueScorer(new Ascending(6), new Ascending(6), 8), EvaluationStage.TEST);

    assertEquals(0.0, result.full().get("HR@5"), EPS);
    assertEquals(0.0, result.sampled().get("HR@1"), EPS);
    // Full: the 8 items minus the 2-item history, the target after all 5 others; sampled: after all 3 negatives.
    assertEquals(1.0 / 6, result.full().get("MRR"), EPS);
    assertEquals(1.0 / 4, result.sampled().get("MRR"), EPS);
  }

  @Test
  void refusesACatalogueSmallerThanTheScorers() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new PrefixCatalogueScorer(new Ascending(4), new Ascending(4), 3));
    assertEquals("prefix catalogue: 3 items is fewer than the scorer's 4", e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> new PrefixCatalogueScorer(new Ascending(4), new Ascending(3), 5));
  }

  @Test
  void theSameCatalogueChangesNothing() {
    Ascending plain = new Ascending(4);
    float[][] direct = plain.score(List.of(new int[] {2, 3}));
    float[][] wrapped = new PrefixCatalogueScorer(new Ascending(4), new Ascending(4), 4).score(List.of(new int[] {2, 3}));
    assertEquals(Arrays.toString(direct[0]), Arrays.toString(wrapped[0]));
  }
}
