package dev.recsys.model.sasrec;

/**
 * One training step's input: per sequence, the left-padded items (input), the item that follows
 * each position (positive, 0 where there is none) and, for objectives that sample, negatives per
 * position flattened row-major as [batch][maxLen][k].
 */
public record TrainingBatch(int[][] input, int[][] positive, int[] negatives, int negativesPerPosition) {
  public int size() {
    return input.length;
  }
}
