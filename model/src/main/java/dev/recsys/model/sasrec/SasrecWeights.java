package dev.recsys.model.sasrec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The names, shapes and initial values of SASRec's parameters. One place defines them, so the
 * training graph, the inference pass and the artifact check agree on what a model holds.
 *
 * <p>The item table's padding row (index 0) is not a parameter: the graphs prepend a constant zero
 * row, which keeps it zero and gradient-free, as the authors' {@code zero_pad}.
 */
public final class SasrecWeights {
  public static final String ITEM_EMB = "item_emb";
  public static final String POS_EMB = "pos_emb";
  public static final String FINAL_LN_GAIN = "final_ln.gain";
  public static final String FINAL_LN_BIAS = "final_ln.bias";

  private SasrecWeights() {}

  public static String block(int block, String name) {
    return "block" + block + "." + name;
  }

  /** Every parameter's shape, in a fixed order. */
  public static Map<String, long[]> shapes(SasrecConfig config, int numItems) {
    long d = config.hiddenSize();
    Map<String, long[]> shapes = new LinkedHashMap<>();
    shapes.put(ITEM_EMB, new long[] {numItems, d});
    shapes.put(POS_EMB, new long[] {config.maxLen(), d});
    for (int b = 0; b < config.blocks(); b++) {
      shapes.put(block(b, "attn_ln.gain"), new long[] {d});
      shapes.put(block(b, "attn_ln.bias"), new long[] {d});
      for (String proj : new String[] {"q", "k", "v"}) {
        shapes.put(block(b, "attn.w" + proj), new long[] {d, d});
        shapes.put(block(b, "attn.b" + proj), new long[] {d});
      }
      shapes.put(block(b, "ffn_ln.gain"), new long[] {d});
      shapes.put(block(b, "ffn_ln.bias"), new long[] {d});
      shapes.put(block(b, "ffn.w1"), new long[] {d, d});
      shapes.put(block(b, "ffn.b1"), new long[] {d});
      shapes.put(block(b, "ffn.w2"), new long[] {d, d});
      shapes.put(block(b, "ffn.b2"), new long[] {d});
    }
    shapes.put(FINAL_LN_GAIN, new long[] {d});
    shapes.put(FINAL_LN_BIAS, new long[] {d});
    return shapes;
  }

  /**
   * Fresh parameters: Glorot-uniform matrices and embeddings (the authors' initialiser), layer-norm
   * gains of one, zero biases. Drawn from a Java RNG so the same seed gives the same model on every
   * backend.
   */
  public static Map<String, INDArray> initial(SasrecConfig config, int numItems, long seed, DataType type) {
    SplittableRandom random = new SplittableRandom(seed);
    Map<String, INDArray> weights = new LinkedHashMap<>();
    shapes(config, numItems).forEach((name, shape) -> {
      INDArray array;
      if (shape.length == 2) {
        double limit = Math.sqrt(6.0 / (shape[0] + shape[1]));
        double[] values = new double[Math.toIntExact(shape[0] * shape[1])];
        for (int i = 0; i < values.length; i++) {
          values[i] = (random.nextDouble() * 2 - 1) * limit;
        }
        array = Nd4j.create(values, shape, type);
      } else if (name.endsWith(".gain")) {
        array = Nd4j.ones(type, shape);
      } else {
        array = Nd4j.zeros(type, shape);
      }
      weights.put(name, array);
    });
    return weights;
  }

  /** Refuses weights whose names or shapes do not fit the config and catalogue size. */
  public static void check(SasrecConfig config, int numItems, Map<String, long[]> actual) {
    Map<String, long[]> expected = shapes(config, numItems);
    for (Map.Entry<String, long[]> e : expected.entrySet()) {
      long[] shape = actual.get(e.getKey());
      if (shape == null) {
        throw new IllegalArgumentException("SASRec weights: missing parameter '" + e.getKey() + "'");
      }
      if (!java.util.Arrays.equals(shape, e.getValue())) {
        throw new IllegalArgumentException("SASRec weights: parameter '" + e.getKey() + "' has shape "
            + java.util.Arrays.toString(shape) + ", expected " + java.util.Arrays.toString(e.getValue())
            + " for " + numItems + " items and " + config);
      }
    }
    for (String name : actual.keySet()) {
      if (!expected.containsKey(name)) {
        throw new IllegalArgumentException("SASRec weights: unexpected parameter '" + name + "'");
      }
    }
  }
}
