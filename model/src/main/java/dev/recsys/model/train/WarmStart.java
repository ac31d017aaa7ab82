package dev.recsys.model.train;

import dev.recsys.model.SasrecModel;
import dev.recsys.model.data.ItemVocabulary;
import dev.recsys.model.sasrec.SasrecConfig;
import dev.recsys.model.sasrec.SasrecWeights;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Starting weights for retraining from a trained model on a catalogue that has grown: every
 * parameter is the trained one, and the item table gets one fresh row per new item. Only the item
 * table depends on the number of items (see {@link SasrecWeights#shapes}); its row i - 1 belongs to
 * item index i, so the old vocabulary must be a prefix of the new one for the known rows to stay
 * with their items.
 */
public final class WarmStart {
  private WarmStart() {}

  /** {@link #extend} from a loaded model's own config, vocabulary and weights. */
  public static Map<String, INDArray> from(SasrecModel trained, ItemVocabulary items, long seed) {
    return extend(trained.config(), trained.items(), trained.forward().weights(), items, seed);
  }

  /**
   * @param weights trained parameters for {@code config} and {@code oldItems}; not modified
   * @param newItems the catalogue to train on; {@code oldItems} must be a prefix of it
   * @param seed draws the new items' rows exactly as {@link SasrecWeights#initial} would for a
   *     model of {@code newItems.size()} items with this seed
   * @return float copies of every parameter, the item table with {@code newItems.size()} rows
   * @throws IllegalArgumentException naming the item when {@code oldItems} is not a prefix of
   *     {@code newItems}, or when the weights do not fit {@code config} and {@code oldItems}
   */
  public static Map<String, INDArray> extend(SasrecConfig config, ItemVocabulary oldItems,
      Map<String, INDArray> weights, ItemVocabulary newItems, long seed) {
    newItems.prefixMismatch(oldItems).ifPresent(mismatch -> {
      throw new IllegalArgumentException("warm start: the new item vocabulary does not keep the trained "
          + "model's indices: " + mismatch);
    });
    Map<String, long[]> shapes = new LinkedHashMap<>();
    weights.forEach((name, array) -> shapes.put(name, array.shape()));
    SasrecWeights.check(config, oldItems.size(), shapes);

    Map<String, INDArray> extended = new LinkedHashMap<>();
    weights.forEach((name, array) -> extended.put(name, array.castTo(DataType.FLOAT).dup('c')));
    int added = newItems.size() - oldItems.size();
    if (added > 0) {
      INDArray fresh = SasrecWeights.initial(config, newItems.size(), seed, DataType.FLOAT).get(SasrecWeights.ITEM_EMB)
          .get(NDArrayIndex.interval(oldItems.size(), newItems.size()), NDArrayIndex.all());
      extended.put(SasrecWeights.ITEM_EMB, Nd4j.concat(0, extended.get(SasrecWeights.ITEM_EMB), fresh).dup('c'));
    }
    return extended;
  }
}
