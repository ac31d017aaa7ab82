package dev.recsys.model.eval;

/**
 * How to evaluate.
 *
 * @param negatives sampled negatives per user for the sampled protocol (the paper uses 100)
 * @param maxUsers 0 evaluates every eligible user; otherwise a seeded uniform subsample of at most
 *     this many (the paper's code caps at 10,000 to keep evaluation cheap on large datasets)
 * @param seed drives the user subsample and every user's negative sample
 * @param batchSize histories per {@link SequenceScorer#score} call; bounds memory at batchSize rows
 *     of numItems + 1 floats
 */
public record EvaluationOptions(int negatives, int maxUsers, long seed, int batchSize) {
  public static final int PAPER_NEGATIVES = 100;
  public static final long DEFAULT_SEED = 42L;
  public static final int DEFAULT_BATCH_SIZE = 256;

  public EvaluationOptions {
    if (negatives < 1) {
      throw new IllegalArgumentException("evaluation: negatives=" + negatives + " must be >= 1");
    }
    if (maxUsers < 0) {
      throw new IllegalArgumentException(
          "evaluation: maxUsers=" + maxUsers + " must be >= 0 (0 means all users)");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("evaluation: batchSize=" + batchSize + " must be >= 1");
    }
  }

  /** 100 negatives, all users, seed 42, batches of 256. */
  public static EvaluationOptions defaults() {
    return new EvaluationOptions(PAPER_NEGATIVES, 0, DEFAULT_SEED, DEFAULT_BATCH_SIZE);
  }
}
