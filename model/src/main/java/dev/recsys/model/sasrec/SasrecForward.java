package dev.recsys.model.sasrec;

import static dev.recsys.model.sasrec.SasrecWeights.FINAL_LN_BIAS;
import static dev.recsys.model.sasrec.SasrecWeights.FINAL_LN_GAIN;
import static dev.recsys.model.sasrec.SasrecWeights.ITEM_EMB;
import static dev.recsys.model.sasrec.SasrecWeights.POS_EMB;
import static dev.recsys.model.sasrec.SasrecWeights.block;

import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * SASRec's forward pass for scoring, on plain INDArrays: the same function as
 * {@link Sasrec#scoringGraph}, without SameDiff's per-call graph planning, and with two savings
 * that do not change the result:
 * <ul>
 *   <li>a batch is padded only to its longest history (up to maxLen), not always to maxLen:
 *       padded positions are masked out of attention, and positions keep their distance from the
 *       end of the sequence, so the last position's output is unchanged;</li>
 *   <li>the last block computes its queries, feed-forward and final layer norm for the last
 *       position only, the one that predicts the next item.</li>
 * </ul>
 *
 * <p>Thread-safe: the weights are never written after construction and every call allocates its
 * own activations, so one instance can serve many threads.
 */
public final class SasrecForward {
  /** The training graph's standardize op and this layer norm agree to ~1e-6 (see SasrecTest). */
  private static final double LN_EPSILON = 1e-8;
  private final SasrecConfig config;
  private final int numItems;
  private final Map<String, INDArray> weights;
  private final INDArray itemTable;       // [N+1, d], row 0 = padding = zeros
  private final INDArray itemTableT;      // [d, N+1], for scoring

  public SasrecForward(SasrecConfig config, int numItems, Map<String, INDArray> weights) {
    Map<String, long[]> shapes = new java.util.LinkedHashMap<>();
    weights.forEach((name, array) -> shapes.put(name, array.shape()));
    SasrecWeights.check(config, numItems, shapes);
    this.config = config;
    this.numItems = numItems;
    this.weights = Map.copyOf(weights);
    this.itemTable = Nd4j.concat(0, Nd4j.zeros(DataType.FLOAT, 1, config.hiddenSize()),
        weights.get(ITEM_EMB).castTo(DataType.FLOAT));
    this.itemTableT = itemTable.transpose().dup('c');
  }

  public SasrecConfig config() {
    return config;
  }

  /** The parameters by {@link SasrecWeights} name; read-only by contract. */
  public Map<String, INDArray> weights() {
    return weights;
  }

  public int numItems() {
    return numItems;
  }

  /** The final hidden state after each history, [B, d]. Histories are item indices, oldest first. */
  public INDArray lastHidden(List<int[]> histories) {
    int d = config.hiddenSize();
    int batch = histories.size();
    int len = 1;
    for (int[] history : histories) {
      len = Math.max(len, Math.min(history.length, config.maxLen()));
    }
    int[] flat = new int[batch * len];
    float[] present = new float[batch * len];
    for (int u = 0; u < batch; u++) {
      int[] history = histories.get(u);
      int take = Math.min(history.length, len);
      for (int i = 0; i < take; i++) {
        int item = history[history.length - take + i];
        if (item < 0 || item > numItems) {
          throw new IllegalArgumentException("item index " + item + " not in 0.." + numItems);
        }
        int at = u * len + (len - take + i);
        flat[at] = item;
        present[at] = item == 0 ? 0f : 1f;
      }
    }
    // Only blocks before the last attend from every position; a one-block model never needs this mask.
    INDArray allQueriesBias = config.blocks() > 1 ? attentionBias(present, batch, len, false) : null;
    INDArray lastQueryBias = attentionBias(present, batch, len, true);

    INDArray positions = weights.get(POS_EMB).get(NDArrayIndex.interval(config.maxLen() - len, config.maxLen()),
        NDArrayIndex.all());
    INDArray x = Nd4j.pullRows(itemTable, 1, flat).muli(Math.sqrt(d)).reshape(batch, len, d)
        .addi(positions.reshape(1, len, d).broadcast(batch, len, d)).reshape(batch * (long) len, d);

    for (int b = 0; b < config.blocks(); b++) {
      boolean lastBlock = b == config.blocks() - 1;
      INDArray attnIn = config.preLayerNorm() ? layerNorm(x, block(b, "attn_ln.gain"), block(b, "attn_ln.bias")) : x;
      INDArray residual = lastBlock ? lastPositions(x, batch, len) : x;
      INDArray queryIn = lastBlock ? lastPositions(attnIn, batch, len) : attnIn;
      INDArray attended = residual.add(selfAttention(queryIn, attnIn, lastBlock ? lastQueryBias : allQueriesBias,
          b, batch, len));
      if (!config.preLayerNorm()) {
        attended = layerNorm(attended, block(b, "attn_ln.gain"), block(b, "attn_ln.bias"));
      }
      INDArray ffnIn = config.preLayerNorm() ? layerNorm(attended, block(b, "ffn_ln.gain"), block(b, "ffn_ln.bias"))
          : attended;
      INDArray fed = attended.addi(feedForward(ffnIn, b));
      if (!config.preLayerNorm()) {
        fed = layerNorm(fed, block(b, "ffn_ln.gain"), block(b, "ffn_ln.bias"));
      }
      x = fed;
    }
    return config.preLayerNorm() ? layerNorm(x, FINAL_LN_GAIN, FINAL_LN_BIAS) : x;
  }

  /** Scores of every item index 0..N (column 0 is padding) after each history, [B, N+1]. */
  public INDArray scores(List<int[]> histories) {
    return lastHidden(histories).mmul(itemTableT);
  }

  /** {@code bias} [B, h, Lq, L] masks padding keys and, for all-position queries, the future. */
  private INDArray selfAttention(INDArray queryIn, INDArray keyIn, INDArray bias, int b, int batch, int len) {
    int heads = config.heads();
    int headSize = config.hiddenSize() / heads;
    long queryLen = queryIn.size(0) / batch;
    INDArray q = splitHeads(dense(queryIn, block(b, "attn.wq"), block(b, "attn.bq")), batch, queryLen);
    INDArray k = splitHeads(dense(keyIn, block(b, "attn.wk"), block(b, "attn.bk")), batch, len);
    INDArray v = splitHeads(dense(keyIn, block(b, "attn.wv"), block(b, "attn.bv")), batch, len);
    INDArray scores = Nd4j.matmul(q, k, false, true, false).divi(Math.sqrt(headSize));   // [B, h, Lq, L]
    scores.addi(bias);
    Nd4j.exec(new SoftMax(scores, scores, 3));
    INDArray attended = Nd4j.matmul(scores, v);                                            // [B, h, Lq, d/h]
    return attended.permute(0, 2, 1, 3).dup('c').reshape(batch * queryLen, config.hiddenSize());
  }

  private INDArray feedForward(INDArray x, int b) {
    INDArray hidden = dense(x, block(b, "ffn.w1"), block(b, "ffn.b1"));
    org.nd4j.linalg.ops.transforms.Transforms.relu(hidden, false);
    return dense(hidden, block(b, "ffn.w2"), block(b, "ffn.b2"));
  }

  private INDArray splitHeads(INDArray x, int batch, long len) {
    int heads = config.heads();
    return x.reshape(batch, len, heads, config.hiddenSize() / heads).permute(0, 2, 1, 3).dup('c');
  }

  private INDArray dense(INDArray x, String w, String bias) {
    return x.mmul(weights.get(w)).addiRowVector(weights.get(bias));
  }

  private INDArray layerNorm(INDArray x, String gain, String bias) {
    INDArray centred = x.subColumnVector(x.mean(true, 1));
    INDArray std = centred.mul(centred).mean(true, 1).addi(LN_EPSILON);
    org.nd4j.linalg.ops.transforms.Transforms.sqrt(std, false);
    return centred.diviColumnVector(std).muliRowVector(weights.get(gain)).addiRowVector(weights.get(bias));
  }

  private static INDArray lastPositions(INDArray x, int batch, int len) {
    return x.reshape(batch, len, x.size(1)).get(NDArrayIndex.all(), NDArrayIndex.point(len - 1), NDArrayIndex.all())
        .dup('c');
  }

  /**
   * The additive attention mask, [B, h, Lq, L], built in one Java array (ND4J's broadcasts and
   * element-wise puts cost more than the attention itself at these sizes). As in {@link Sasrec}: a
   * query never sees a later key or a padding key, except a padding query its own position.
   *
   * @param lastOnly true for the last block, whose only query is the last position
   */
  private INDArray attentionBias(float[] present, int batch, int len, boolean lastOnly) {
    int heads = config.heads();
    int queries = lastOnly ? 1 : len;
    float masked = (float) Sasrec.MASKED;
    float[] bias = new float[batch * heads * queries * len];
    int at = 0;
    for (int u = 0; u < batch; u++) {
      for (int h = 0; h < heads; h++) {
        for (int q = 0; q < queries; q++) {
          int query = lastOnly ? len - 1 : q;
          for (int key = 0; key < len; key++) {
            boolean hidden = key > query || (present[u * len + key] == 0f && key != query);
            bias[at++] = hidden ? masked : 0f;
          }
        }
      }
    }
    return Nd4j.create(bias, new long[] {batch, heads, queries, len}, 'c');
  }
}
