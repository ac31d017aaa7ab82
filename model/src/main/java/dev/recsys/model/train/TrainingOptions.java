package dev.recsys.model.train;

import dev.recsys.model.sasrec.Objective;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How to train. Defaults follow the paper's MovieLens-1M run and the common reimplementations
 * (Adam with beta2 = 0.98).
 *
 * @param epochs maximum number of epochs
 * @param batchSize sequences per step
 * @param learningRate Adam's step size
 * @param objective the loss
 * @param sampledNegatives negatives per position for {@link Objective#SAMPLED_CE}
 * @param seed seeds initial weights, batch order, negatives and dropout
 * @param validateEvery validate every this many epochs (and after the last)
 * @param patience stop after this many validations without a better NDCG@10
 * @param validationUsers validate on a seeded subsample of this many users (0 = all)
 * @param selectOnFullRanking select the best epoch on full-ranking NDCG@10 instead of the sampled one
 */
public record TrainingOptions(int epochs, int batchSize, double learningRate, Objective objective,
    int sampledNegatives, long seed, int validateEvery, int patience, int validationUsers,
    boolean selectOnFullRanking) {

  public static final double BETA1 = 0.9;
  public static final double BETA2 = 0.98;
  public static final double EPSILON = 1e-8;

  public static TrainingOptions defaults() {
    return new TrainingOptions(200, 128, 0.001, Objective.BCE, 100, 42, 5, 5, 0, false);
  }

  public TrainingOptions {
    require(epochs >= 1, "epochs", epochs, "must be >= 1");
    require(batchSize >= 1, "batchSize", batchSize, "must be >= 1");
    require(learningRate > 0 && Double.isFinite(learningRate), "learningRate", learningRate, "must be > 0");
    require(objective != null, "objective", objective, "is required");
    require(sampledNegatives >= 1, "sampledNegatives", sampledNegatives, "must be >= 1");
    require(validateEvery >= 1, "validateEvery", validateEvery, "must be >= 1");
    require(patience >= 1, "patience", patience, "must be >= 1");
    require(validationUsers >= 0, "validationUsers", validationUsers, "must be >= 0 (0 = all users)");
  }

  /** The options as a model's provenance records them: the optimiser, the epochs and how the best one is chosen. */
  public Map<String, Object> parameters() {
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("learningRate", learningRate);
    parameters.put("batchSize", batchSize);
    parameters.put("beta1", BETA1);
    parameters.put("beta2", BETA2);
    parameters.put("maxEpochs", epochs);
    parameters.put("negatives", objective.negativesPerPosition(sampledNegatives));
    parameters.put("validateEvery", validateEvery);
    parameters.put("patience", patience);
    parameters.put("validationUsers", validationUsers);
    parameters.put("selectOn", selectOnFullRanking ? "full" : "sampled");
    return parameters;
  }

  private static void require(boolean ok, String field, Object value, String reason) {
    if (!ok) {
      throw new IllegalArgumentException("training options: " + field + "=" + value + " " + reason);
    }
  }
}
