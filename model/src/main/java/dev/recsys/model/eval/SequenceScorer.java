package dev.recsys.model.eval;

import java.util.List;

/**
 * Anything that can rank the whole catalogue after a history: the trained model and the popularity
 * baseline both implement it, so the evaluator treats them identically.
 */
public interface SequenceScorer {

  /**
   * Scores of every item index 0..numItems for each history (dense indices, oldest first). Row i,
   * column j is the score of item j after history i; column 0 is padding and is never a candidate.
   * Higher is better.
   */
  float[][] score(List<int[]> histories);

  /** Number of real items; rows returned by {@link #score} have {@code numItems() + 1} columns. */
  int numItems();
}
