package dev.recsys.model.eval;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Draws the sampled protocol's negatives: distinct items, uniform over the items a user never
 * interacted with. Each user gets its own random stream derived from (seed, user index), so a
 * user's negatives do not depend on batching, on which users are evaluated, or on the scorer: the
 * model and the popularity baseline are ranked against exactly the same candidates.
 */
public final class NegativeSampler {
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private final int numItems;
  private final int negatives;
  private final long seed;

  public NegativeSampler(int numItems, int negatives, long seed) {
    if (numItems < 1 || negatives < 1) {
      throw new IllegalArgumentException(
          "negative sampler: numItems=" + numItems + " and negatives=" + negatives + " must be >= 1");
    }
    this.numItems = numItems;
    this.negatives = negatives;
    this.seed = seed;
  }

  /**
   * The negatives for {@code user}: {@code negatives} distinct items outside its interactions, or
   * all of them when fewer exist (only on toy catalogues; the rank is then out of fewer candidates).
   */
  public int[] negativesFor(EvaluationCase user) {
    Set<Integer> interacted = user.interacted();
    int available = numItems - countInRange(interacted);
    int wanted = Math.min(negatives, available);
    SplittableRandom random = new SplittableRandom(streamSeed(seed, user.userIndex()));
    // Rejection is cheap while most draws succeed; on a crowded catalogue it could spin, so there
    // we enumerate the free items and take a partial Fisher-Yates shuffle instead.
    if (2L * (available - wanted) >= numItems) {
      return byRejection(random, interacted, wanted);
    }
    return byShuffle(random, interacted, available, wanted);
  }

  /**
   * SplittableRandom(s) walks the states s + k * gamma, so seeding users with seed + gamma * index
   * would make user u's k-th draw equal user u + k's first. Hashing (seed, index) scatters the
   * starting states so that per-user streams do not overlap in practice.
   */
  static long streamSeed(long seed, int userIndex) {
    return mix64(seed ^ mix64(GOLDEN_GAMMA * (userIndex + 1L)));
  }

  /** Stafford's variant 13 of the MurmurHash3 finaliser, as used by SplitMix64. */
  private static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private int countInRange(Set<Integer> items) {
    int count = 0;
    for (int item : items) {
      if (item >= 1 && item <= numItems) {
        count++;
      }
    }
    return count;
  }

  private int[] byRejection(SplittableRandom random, Set<Integer> interacted, int wanted) {
    Set<Integer> picked = new LinkedHashSet<>();
    while (picked.size() < wanted) {
      int item = random.nextInt(1, numItems + 1);
      if (!interacted.contains(item)) {
        picked.add(item);
      }
    }
    return picked.stream().mapToInt(Integer::intValue).toArray();
  }

  private int[] byShuffle(SplittableRandom random, Set<Integer> interacted, int available, int wanted) {
    int[] free = new int[available];
    int n = 0;
    for (int item = 1; item <= numItems; item++) {
      if (!interacted.contains(item)) {
        free[n++] = item;
      }
    }
    for (int i = 0; i < wanted; i++) {
      int j = random.nextInt(i, available);
      int swap = free[i];
      free[i] = free[j];
      free[j] = swap;
    }
    int[] picked = new int[wanted];
    System.arraycopy(free, 0, picked, 0, wanted);
    return picked;
  }
}
