package dev.recsys.model.artifact;

import dev.recsys.model.data.ItemVocabulary;
import dev.recsys.model.sasrec.SasrecConfig;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Everything needed to serve, audit and reproduce one trained model, as one value: it is written
 * and read whole by {@link ArtifactFile}, so a serving process never pairs weights with the wrong
 * vocabulary or configuration.
 *
 * <p>Weights are keyed by name in the order the model code put them (the map keeps insertion
 * order, and so does the file), which keeps files of the same model byte-identical.
 *
 * @param formatVersion the file format version this artifact was read from or will be written as
 * @param config the hyper-parameters the weights were trained with
 * @param items the item vocabulary: row i of the item embedding belongs to item index i
 * @param weights tensor name -> tensor, in the model's order; at least one
 * @param popularity interaction count per item index; length {@code items.size() + 1}, index 0
 *     (padding) is 0. Used as a cold-start fallback and for popularity-sampled negatives.
 * @param provenance how and from what the model was trained
 */
public record ModelArtifact(
    int formatVersion,
    SasrecConfig config,
    ItemVocabulary items,
    Map<String, Tensor> weights,
    long[] popularity,
    Provenance provenance) {

  public ModelArtifact {
    if (formatVersion < 1) {
      throw new IllegalArgumentException("model artifact: formatVersion=" + formatVersion + " < 1");
    }
    Objects.requireNonNull(config, "model artifact config");
    Objects.requireNonNull(items, "model artifact items");
    Objects.requireNonNull(weights, "model artifact weights");
    Objects.requireNonNull(popularity, "model artifact popularity");
    Objects.requireNonNull(provenance, "model artifact provenance");
    weights = copyWeights(weights);
    popularity = checkPopularity(popularity.clone(), items);
  }

  /** An artifact in the format version this build writes ({@link ArtifactFile#FORMAT_VERSION}). */
  public static ModelArtifact of(
      SasrecConfig config,
      ItemVocabulary items,
      Map<String, Tensor> weights,
      long[] popularity,
      Provenance provenance) {
    return new ModelArtifact(
        ArtifactFile.FORMAT_VERSION, config, items, weights, popularity, provenance);
  }

  private static Map<String, Tensor> copyWeights(Map<String, Tensor> weights) {
    if (weights.isEmpty()) {
      throw new IllegalArgumentException("model artifact: no weights");
    }
    Map<String, Tensor> copy = new LinkedHashMap<>();
    weights.forEach(
        (name, tensor) -> {
          if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("model artifact: a weight has an empty name");
          }
          copy.put(name, Objects.requireNonNull(tensor, "weight " + name));
        });
    return Collections.unmodifiableMap(copy);
  }

  private static long[] checkPopularity(long[] popularity, ItemVocabulary items) {
    if (popularity.length != items.size() + 1) {
      throw new IllegalArgumentException(
          "model artifact: popularity has " + popularity.length + " entries, expected "
              + (items.size() + 1) + " (padding + " + items.size() + " items)");
    }
    if (popularity[ItemVocabulary.PADDING] != 0) {
      throw new IllegalArgumentException(
          "model artifact: popularity of the padding index is " + popularity[0] + ", expected 0");
    }
    for (int i = 1; i < popularity.length; i++) {
      if (popularity[i] < 0) {
        throw new IllegalArgumentException(
            "model artifact: popularity of item index " + i + " is negative: " + popularity[i]);
      }
    }
    return popularity;
  }

  /** A copy: the counts are small next to the weights, and sharing them would let callers edit. */
  @Override
  public long[] popularity() {
    return popularity.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ModelArtifact other
        && formatVersion == other.formatVersion
        && config.equals(other.config)
        && items.equals(other.items)
        && weights.equals(other.weights)
        && Arrays.equals(popularity, other.popularity)
        && provenance.equals(other.provenance);
  }

  @Override
  public int hashCode() {
    return Objects.hash(formatVersion, config, items, weights, Arrays.hashCode(popularity), provenance);
  }

  @Override
  public String toString() {
    return "ModelArtifact[v" + formatVersion + ", " + config + ", " + items + ", weights="
        + weights + ", trained " + provenance.createdAt() + "]";
  }
}
