package dev.recsys.model.artifact;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where a model came from: enough to reproduce its training run and to judge whether to trust it.
 *
 * <p>The maps are copied (keeping their order) and read-only. Parameter values should be plain
 * JSON values (strings, numbers, booleans, lists, maps): they are stored as JSON, so after a round
 * trip a whole number comes back as {@code Integer} when it fits and {@code Long} otherwise, and a
 * fractional one as {@code Double}.
 *
 * @param dataLocation where the training data was read from (path or URI)
 * @param dataSha256 SHA-256 (hex) of the training data
 * @param dataFormat how the training data was encoded, e.g. "movielens-1m-ratings"
 * @param seed random seed of the training run
 * @param epochsTrained epochs actually run (early stopping may end before the configured number)
 * @param bestEpoch the epoch whose weights these are
 * @param loss the training loss, e.g. "bce-1neg"
 * @param trainingParameters optimiser settings and the like, e.g. "lr" -> 0.001, "batchSize" -> 128
 * @param metrics split name -> metric name -> value, e.g. "validation" -> {"NDCG@10": 0.6}
 * @param createdAt when training finished
 * @param libraryVersion version of the code that trained the model
 * @param trainingSeconds wall-clock training time
 */
public record Provenance(
    String dataLocation,
    String dataSha256,
    String dataFormat,
    long seed,
    int epochsTrained,
    int bestEpoch,
    String loss,
    Map<String, Object> trainingParameters,
    Map<String, Map<String, Double>> metrics,
    Instant createdAt,
    String libraryVersion,
    double trainingSeconds) {

  public Provenance {
    Objects.requireNonNull(dataLocation, "provenance dataLocation");
    Objects.requireNonNull(dataSha256, "provenance dataSha256");
    Objects.requireNonNull(dataFormat, "provenance dataFormat");
    Objects.requireNonNull(loss, "provenance loss");
    Objects.requireNonNull(trainingParameters, "provenance trainingParameters");
    Objects.requireNonNull(metrics, "provenance metrics");
    Objects.requireNonNull(createdAt, "provenance createdAt");
    Objects.requireNonNull(libraryVersion, "provenance libraryVersion");
    if (epochsTrained < 0) {
      throw new IllegalArgumentException("provenance: epochsTrained=" + epochsTrained + " < 0");
    }
    if (bestEpoch < 0 || bestEpoch > epochsTrained) {
      throw new IllegalArgumentException(
          "provenance: bestEpoch=" + bestEpoch + " not in 0.." + epochsTrained);
    }
    if (!(trainingSeconds >= 0) || Double.isInfinite(trainingSeconds)) {
      throw new IllegalArgumentException(
          "provenance: trainingSeconds=" + trainingSeconds + " must be finite and >= 0");
    }
    trainingParameters = Collections.unmodifiableMap(new LinkedHashMap<>(trainingParameters));
    Map<String, Map<String, Double>> metricsCopy = new LinkedHashMap<>();
    metrics.forEach(
        (split, values) ->
            metricsCopy.put(
                split,
                Collections.unmodifiableMap(
                    new LinkedHashMap<>(Objects.requireNonNull(values, "metrics of " + split)))));
    metrics = Collections.unmodifiableMap(metricsCopy);
  }
}
