package dev.recsys.model.artifact;

import dev.recsys.model.data.ItemVocabulary;
import dev.recsys.model.sasrec.SasrecConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Builds artifacts with random weights, shaped like a small SASRec model. */
final class TestArtifacts {
  static final int ITEMS = 10;
  static final int HIDDEN = 8;

  private TestArtifacts() {}

  static ModelArtifact random(long seed) {
    Random random = new Random(seed);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < ITEMS; i++) {
      ids.add("item-" + seed + "-" + i);
    }
    // Names deliberately not in sorted order, so a writer or reader that sorts is caught.
    Map<String, Tensor> weights = new LinkedHashMap<>();
    weights.put("item_embedding", randomTensor(random, ITEMS + 1, HIDDEN));
    weights.put("position_embedding", randomTensor(random, 5, HIDDEN));
    weights.put("block0.ln.bias", randomTensor(random, HIDDEN));
    // Values whose bits a lossy encoding would change.
    float[] edge = weights.get("block0.ln.bias").data();
    edge[0] = -0.0f;
    edge[1] = Float.MIN_VALUE;
    edge[2] = Float.MAX_VALUE;
    edge[3] = -Float.MIN_NORMAL;

    long[] popularity = new long[ITEMS + 1];
    for (int i = 1; i <= ITEMS; i++) {
      popularity[i] = random.nextInt(1000);
    }
    popularity[ITEMS] = Long.MAX_VALUE; // beyond double precision: must survive the JSON header
    return ModelArtifact.of(
        new SasrecConfig(5, HIDDEN, 2, 2, 0.2, 0.001, true),
        ItemVocabulary.of(ids),
        weights,
        popularity,
        provenance(seed));
  }

  static Provenance provenance(long seed) {
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("lr", 0.001);
    parameters.put("batchSize", 128);
    parameters.put("optimizer", "adam");
    parameters.put("earlyStopping", true);
    Map<String, Map<String, Double>> metrics = new LinkedHashMap<>();
    metrics.put("validation", Map.of("NDCG@10", 0.6012345678901234, "HR@10", 0.8));
    metrics.put("test", Map.of("NDCG@10", 0.58));
    return new Provenance(
        "file:///data/ml-1m/ratings.dat",
        "9b0e1c2f".repeat(8),
        "movielens-1m-ratings",
        seed,
        40,
        37,
        "bce-1neg",
        parameters,
        metrics,
        Instant.parse("2024-05-17T09:30:12.123456789Z"),
        "0.1.0-SNAPSHOT",
        1234.5);
  }

  static Tensor randomTensor(Random random, long... shape) {
    float[] data = new float[Math.toIntExact(Tensor.elementCount(shape))];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) random.nextGaussian();
    }
    return new Tensor(shape, data);
  }
}
