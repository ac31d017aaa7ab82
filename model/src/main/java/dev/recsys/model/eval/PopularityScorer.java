package dev.recsys.model.eval;

import dev.recsys.model.data.UserSequence;
import java.util.Arrays;
import java.util.List;

/**
 * The most-popular baseline: every history gets the same scores, the item's number of occurrences
 * in the training sequences. A model that cannot beat it has learned nothing about order.
 */
public final class PopularityScorer implements SequenceScorer {
  private final long[] counts;
  private final float[] row;

  /**
   * @param counts occurrences per item index 0..numItems, as stored in model artifacts (index 0,
   *     padding, is ignored)
   */
  public PopularityScorer(long[] counts) {
    if (counts.length < 2) {
      throw new IllegalArgumentException(
          "popularity: counts has " + counts.length + " entries, need padding plus at least one item");
    }
    this.counts = counts.clone();
    this.row = new float[counts.length];
    // Padding scores -inf so that anyone taking a top-k straight from a row can never pick it.
    row[0] = Float.NEGATIVE_INFINITY;
    for (int item = 1; item < counts.length; item++) {
      if (counts[item] < 0) {
        throw new IllegalArgumentException("popularity: count of item " + item + " is " + counts[item]);
      }
      row[item] = counts[item];
    }
  }

  /** Counts occurrences in {@code training} (e.g. {@link LeaveOneOut#trainingSequences()}). */
  public static PopularityScorer fromTraining(List<UserSequence> training, int numItems) {
    return new PopularityScorer(countOccurrences(training, numItems));
  }

  public static PopularityScorer fromTraining(LeaveOneOut split) {
    return fromTraining(split.trainingSequences(), split.numItems());
  }

  /** Occurrences of each item index 0..numItems in {@code sequences}. */
  public static long[] countOccurrences(List<UserSequence> sequences, int numItems) {
    long[] counts = new long[numItems + 1];
    for (UserSequence sequence : sequences) {
      for (int item : sequence.items()) {
        if (item < 1 || item > numItems) {
          throw new IllegalArgumentException(
              "popularity: user '" + sequence.userId() + "' has item index " + item
                  + ", expected 1.." + numItems);
        }
        counts[item]++;
      }
    }
    return counts;
  }

  @Override
  public float[][] score(List<int[]> histories) {
    float[][] scores = new float[histories.size()][];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = row.clone();
    }
    return scores;
  }

  @Override
  public int numItems() {
    return counts.length - 1;
  }

  /** A copy of the counts (index 0..numItems), for storing with a model artifact. */
  public long[] counts() {
    return counts.clone();
  }

  @Override
  public String toString() {
    return "PopularityScorer[" + numItems() + " items, " + Arrays.stream(counts).sum() + " interactions]";
  }
}
