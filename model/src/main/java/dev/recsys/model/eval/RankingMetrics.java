package dev.recsys.model.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Accumulates the rank of the true item over users and reports HR@k, NDCG@k and MRR. With a single
 * relevant item, NDCG@k reduces to 1/log2(rank + 1) when rank <= k, since the ideal DCG is 1.
 */
public final class RankingMetrics {
  private static final int[] HIT_CUTOFFS = {1, 5, 10, 20};
  private static final int[] NDCG_CUTOFFS = {5, 10, 20};
  private static final double LN_2 = Math.log(2);

  private final long[] hits = new long[HIT_CUTOFFS.length];
  private final double[] ndcgSums = new double[NDCG_CUTOFFS.length];
  private double reciprocalRankSum;
  private long count;

  /**
   * Rank of {@code target} among {@code candidates} under {@code scores} (1 = best). Every candidate
   * other than the target whose score is >= the target's counts as ranked above it, so ties go
   * against the target: a scorer that gives everything the same score gets the worst rank, not the
   * best. Entries equal to {@code target} are skipped, so whether and where the target appears in
   * the candidate list does not matter.
   *
   * <p>NaN is treated as pessimistically as a tie: a NaN target score loses to every candidate and a
   * NaN candidate beats the target, so a diverged model cannot look perfect.
   *
   * @param scores scores indexed by item (a row of {@link SequenceScorer#score})
   */
  public static int rankOf(float[] scores, int target, int[] candidates) {
    float targetScore = scores[target];
    int above = 0;
    for (int candidate : candidates) {
      // !(x < t) is x >= t, and also true when either side is NaN.
      if (candidate != target && !(scores[candidate] < targetScore)) {
        above++;
      }
    }
    return above + 1;
  }

  /** Records one user's rank of the true item (1 = best). */
  public void add(int rank) {
    if (rank < 1) {
      throw new IllegalArgumentException("rank " + rank + " must be >= 1");
    }
    for (int i = 0; i < HIT_CUTOFFS.length; i++) {
      if (rank <= HIT_CUTOFFS[i]) {
        hits[i]++;
      }
    }
    double gain = LN_2 / Math.log(rank + 1.0);
    for (int i = 0; i < NDCG_CUTOFFS.length; i++) {
      if (rank <= NDCG_CUTOFFS[i]) {
        ndcgSums[i] += gain;
      }
    }
    reciprocalRankSum += 1.0 / rank;
    count++;
  }

  /** Number of ranks added. */
  public long count() {
    return count;
  }

  /**
   * Means over the added ranks, in a fixed order: HR@1, HR@5, HR@10, HR@20, NDCG@5, NDCG@10,
   * NDCG@20, MRR.
   *
   * @throws IllegalStateException if no rank was added (a mean over nobody is not a score)
   */
  public Map<String, Double> toMap() {
    if (count == 0) {
      throw new IllegalStateException("ranking metrics: no ranks were added");
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    for (int i = 0; i < HIT_CUTOFFS.length; i++) {
      metrics.put("HR@" + HIT_CUTOFFS[i], (double) hits[i] / count);
    }
    for (int i = 0; i < NDCG_CUTOFFS.length; i++) {
      metrics.put("NDCG@" + NDCG_CUTOFFS[i], ndcgSums[i] / count);
    }
    metrics.put("MRR", reciprocalRankSum / count);
    return Collections.unmodifiableMap(metrics);
  }
}
