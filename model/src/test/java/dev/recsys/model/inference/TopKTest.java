package dev.recsys.model.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Top-K selection over a score row: pure logic, checked against a full sort. */
class TopKTest {
  private static final BitSet NONE = new BitSet();

  private static BitSet of(int... indices) {
    BitSet set = new BitSet();
    for (int i : indices) {
      set.set(i);
    }
    return set;
  }

  @Test
  void picksTheBestInDescendingOrder() {
    float[] scores = {0f, 0.1f, 0.5f, 0.3f, -2f, 0.4f};
    assertArrayEquals(new int[] {2, 5}, TopK.select(scores, 0, 5, 2, NONE));
    assertArrayEquals(new int[] {2, 5, 3, 1, 4}, TopK.select(scores, 0, 5, 5, NONE));
  }

  @Test
  void paddingIndexIsNeverSelected() {
    float[] scores = {100f, 1f, 2f};
    assertArrayEquals(new int[] {2, 1}, TopK.select(scores, 0, 2, 3, NONE));
  }

  @Test
  void tiesGoToTheLowerIndex() {
    float[] allEqual = {0f, 1f, 1f, 1f, 1f, 1f};
    assertArrayEquals(new int[] {1, 2, 3}, TopK.select(allEqual, 0, 5, 3, NONE));
    // A tie across the cut-off: the later equal items must not displace the earlier ones.
    float[] scores = {0f, 0f, 2f, 3f, 2f, 2f, 1f};
    assertArrayEquals(new int[] {3, 2}, TopK.select(scores, 0, 6, 2, NONE));
    assertArrayEquals(new int[] {3, 2, 4}, TopK.select(scores, 0, 6, 3, NONE));
    // Ties in the middle of the result stay in index order.
    assertArrayEquals(new int[] {3, 2, 4, 5, 6, 1}, TopK.select(scores, 0, 6, 6, NONE));
    // -0.0 and 0.0 are different to Float.compare; either way the order is deterministic.
    float[] zeros = {0f, -0f, 0f, -0f};
    assertArrayEquals(new int[] {2, 1, 3}, TopK.select(zeros, 0, 3, 3, NONE));
  }

  @Test
  void excludedIndicesAreSkipped() {
    float[] scores = {0f, 9f, 8f, 7f, 6f, 5f};
    assertArrayEquals(new int[] {2, 4}, TopK.select(scores, 0, 5, 2, of(1, 3)));
    assertArrayEquals(new int[] {}, TopK.select(scores, 0, 5, 2, of(1, 2, 3, 4, 5)));
  }

  @Test
  void nanIsSkipped() {
    float[] scores = {0f, Float.NaN, 1f, Float.NaN, -1f};
    assertArrayEquals(new int[] {2, 4}, TopK.select(scores, 0, 4, 3, NONE));
    assertArrayEquals(new int[] {}, TopK.select(new float[] {0f, Float.NaN}, 0, 1, 1, NONE));
  }

  @Test
  void infinitiesAreOrdinaryScores() {
    float[] scores = {0f, Float.NEGATIVE_INFINITY, 0f, Float.POSITIVE_INFINITY};
    assertArrayEquals(new int[] {3, 2, 1}, TopK.select(scores, 0, 3, 5, NONE));
  }

  @Test
  void kLargerThanTheCandidatesReturnsAllOfThem() {
    float[] scores = {0f, 3f, 1f, 2f};
    assertArrayEquals(new int[] {1, 3, 2}, TopK.select(scores, 0, 3, 10, NONE));
    assertArrayEquals(new int[] {3, 2}, TopK.select(scores, 0, 3, 10, of(1)));
  }

  @Test
  void readsTheRowAtTheOffset() {
    // Two rows of 3 items plus padding: row 1 starts at 4.
    float[] rows = {0f, 5f, 4f, 3f, /* row 1 */ 0f, 1f, 2f, 3f};
    assertArrayEquals(new int[] {1, 2}, TopK.select(rows, 0, 3, 2, NONE));
    assertArrayEquals(new int[] {3, 2}, TopK.select(rows, 4, 3, 2, NONE));
  }

  @Test
  void agreesWithAFullSortOnRandomRowsWithManyTies() {
    SplittableRandom random = new SplittableRandom(1);
    for (int trial = 0; trial < 500; trial++) {
      int numItems = 1 + random.nextInt(40);
      int offset = random.nextInt(5);
      float[] scores = new float[offset + numItems + 1];
      for (int i = 0; i < scores.length; i++) {
        scores[i] = random.nextInt(6) == 0 ? Float.NaN : random.nextInt(5);
      }
      BitSet excluded = new BitSet();
      for (int i = 1; i <= numItems; i++) {
        if (random.nextInt(4) == 0) {
          excluded.set(i);
        }
      }
      int k = 1 + random.nextInt(numItems + 3);
      int[] expected = IntStream.rangeClosed(1, numItems)
          .filter(i -> !excluded.get(i) && !Float.isNaN(scores[offset + i]))
          .boxed()
          .sorted(Comparator.<Integer>comparingDouble(i -> -scores[offset + i]).thenComparingInt(i -> i))
          .limit(k)
          .mapToInt(Integer::intValue)
          .toArray();
      int[] actual = TopK.select(scores, offset, numItems, k, excluded);
      assertArrayEquals(expected, actual, () -> "scores " + Arrays.toString(scores) + " offset " + offset + " k " + k
          + " excluded " + excluded);
    }
  }
}
