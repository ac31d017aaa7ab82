package dev.recsys.model.train;

import java.util.Map;

/**
 * What one training epoch did.
 *
 * @param epoch 1-based epoch number
 * @param meanLoss mean training loss over the epoch's batches
 * @param seconds wall time of the epoch's training steps (validation excluded)
 * @param sequencesPerSecond training sequences processed per second
 * @param validation validation metrics (keys as {@code RankingMetrics}, e.g. "NDCG@10", "HR@10") of the
 *     sampled protocol, or an empty map when this epoch was not validated
 */
public record EpochRecord(int epoch, double meanLoss, double seconds, double sequencesPerSecond,
    Map<String, Double> validation) {
  public EpochRecord {
    validation = Map.copyOf(validation);
  }

  public boolean validated() {
    return !validation.isEmpty();
  }
}
