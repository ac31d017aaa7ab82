package dev.recsys.model.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;

/**
 * Runs both evaluation protocols in one pass: each batch of users is scored once and every row is
 * ranked twice, against the user's sampled negatives (the paper's protocol, comparable with
 * published numbers) and against the full catalogue minus the history (the honest one, since
 * sampled metrics can reorder models).
 */
public final class Evaluator {
  private static final IntConsumer NO_PROGRESS = done -> {};

  private final LeaveOneOut split;
  private final EvaluationOptions options;
  private final NegativeSampler sampler;

  public Evaluator(LeaveOneOut split, EvaluationOptions options) {
    this.split = split;
    this.options = options;
    this.sampler = new NegativeSampler(split.numItems(), options.negatives(), options.seed());
  }

  public EvaluationResult evaluate(SequenceScorer scorer, EvaluationStage stage) {
    return evaluate(scorer, stage, NO_PROGRESS);
  }

  /**
   * @param progress told the number of users done after every batch
   * @throws IllegalArgumentException if the scorer's catalogue differs from the split's, or no user
   *     has enough items to be evaluated
   * @throws IllegalStateException if the scorer returns a matrix of the wrong shape
   */
  public EvaluationResult evaluate(SequenceScorer scorer, EvaluationStage stage, IntConsumer progress) {
    if (scorer.numItems() != split.numItems()) {
      throw new IllegalArgumentException(
          "evaluation: scorer has " + scorer.numItems() + " items but the data has "
              + split.numItems() + "; full ranking needs the same catalogue");
    }
    List<EvaluationCase> cases = selectedCases(stage);
    if (cases.isEmpty()) {
      throw new IllegalArgumentException(
          "evaluation: no user has at least " + LeaveOneOut.MIN_EVALUATED_LENGTH + " items");
    }
    RankingMetrics sampled = new RankingMetrics();
    RankingMetrics full = new RankingMetrics();
    for (int start = 0; start < cases.size(); start += options.batchSize()) {
      List<EvaluationCase> batch = cases.subList(start, Math.min(start + options.batchSize(), cases.size()));
      List<int[]> histories = new ArrayList<>(batch.size());
      for (EvaluationCase user : batch) {
        histories.add(user.history());
      }
      float[][] scores = scorer.score(histories);
      checkShape(scores, batch.size());
      for (int i = 0; i < batch.size(); i++) {
        EvaluationCase user = batch.get(i);
        sampled.add(RankingMetrics.rankOf(scores[i], user.target(), sampler.negativesFor(user)));
        full.add(RankingMetrics.rankOf(scores[i], user.target(), fullCandidates(user)));
      }
      progress.accept(start + batch.size());
    }
    return new EvaluationResult(stage, options.negatives(), cases.size(), sampled.toMap(), full.toMap());
  }

  /**
   * The users evaluated at {@code stage}: all of them, or a seeded uniform subsample of
   * {@code maxUsers} kept in dataset order. Both stages hold the same users in the same order, so
   * they get the same subsample.
   */
  public List<EvaluationCase> selectedCases(EvaluationStage stage) {
    List<EvaluationCase> all = split.cases(stage);
    int keep = options.maxUsers();
    if (keep == 0 || keep >= all.size()) {
      return all;
    }
    int[] positions = new int[all.size()];
    Arrays.setAll(positions, i -> i);
    SplittableRandom random = new SplittableRandom(options.seed());
    for (int i = 0; i < keep; i++) {
      int j = random.nextInt(i, positions.length);
      int swap = positions[i];
      positions[i] = positions[j];
      positions[j] = swap;
    }
    int[] chosen = Arrays.copyOf(positions, keep);
    Arrays.sort(chosen);
    List<EvaluationCase> subsample = new ArrayList<>(keep);
    for (int position : chosen) {
      subsample.add(all.get(position));
    }
    return subsample;
  }

  /** The sampled protocol's negatives for one user (for inspection; the evaluator uses the same). */
  public int[] sampledNegatives(EvaluationCase user) {
    return sampler.negativesFor(user);
  }

  /**
   * Every item except the history's: re-recommending what the user just saw is not a prediction. The
   * target stays a candidate even when it also occurs earlier in the history.
   */
  private int[] fullCandidates(EvaluationCase user) {
    int numItems = split.numItems();
    boolean[] excluded = new boolean[numItems + 1];
    for (int item : user.history()) {
      excluded[item] = true;
    }
    excluded[user.target()] = false;
    int[] candidates = new int[numItems];
    int n = 0;
    for (int item = 1; item <= numItems; item++) {
      if (!excluded[item]) {
        candidates[n++] = item;
      }
    }
    return Arrays.copyOf(candidates, n);
  }

  private void checkShape(float[][] scores, int rows) {
    if (scores == null || scores.length != rows) {
      throw new IllegalStateException(
          "evaluation: scorer returned " + (scores == null ? "null" : scores.length + " rows")
              + " for " + rows + " histories");
    }
    for (float[] row : scores) {
      if (row == null || row.length != split.numItems() + 1) {
        throw new IllegalStateException(
            "evaluation: scorer returned a row of " + (row == null ? "null" : row.length + " scores")
                + ", expected numItems + 1 = " + (split.numItems() + 1));
      }
    }
  }
}
