package dev.recsys.model.sasrec;

import static dev.recsys.model.sasrec.SasrecWeights.FINAL_LN_BIAS;
import static dev.recsys.model.sasrec.SasrecWeights.FINAL_LN_GAIN;
import static dev.recsys.model.sasrec.SasrecWeights.ITEM_EMB;
import static dev.recsys.model.sasrec.SasrecWeights.POS_EMB;
import static dev.recsys.model.sasrec.SasrecWeights.block;

import java.util.Map;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * SASRec (Kang &amp; McAuley, "Self-Attentive Sequential Recommendation", ICDM 2018) as a SameDiff
 * graph. Section numbers refer to the paper.
 *
 * <p>Inputs are left-padded item indices (0 = padding) of shape [batch, maxLen]; the most recent
 * item sits at position maxLen - 1. The training graph's loss reads the target and negative items
 * for every position; the scoring graph returns the scores of every item after the last position.
 *
 * <p>The authors zero padded positions after every block (their timeline mask). That changes no
 * output at a real position, since no real query attends to a padding key and every other layer
 * works per position, so it is left out here: it cost a third of the backward pass.
 */
public final class Sasrec {
  public static final String INPUT = "input";
  public static final String POSITIVE = "positive";
  public static final String NEGATIVE = "negative";
  public static final String LOSS = "loss";
  public static final String SCORES = "scores";
  public static final String INPUT_EMB = "input_emb";
  public static final String POSITIVE_EMB = "positive_emb";
  public static final String NEGATIVE_EMB = "negative_emb";
  public static final String ITEM_TABLE = "item_table";
  static final double MASKED = -1e9;

  private final SameDiff sd;
  private final SasrecConfig config;
  private final boolean training;
  private final long batch;
  private final DataType type;

  private Sasrec(SameDiff sd, SasrecConfig config, boolean training, long batch, Map<String, INDArray> weights) {
    this.sd = sd;
    this.config = config;
    this.training = training;
    this.batch = batch;
    this.type = weights.get(ITEM_EMB).dataType();  // float32 to train; float64 for gradient checks
  }

  /**
   * The training graph. Item embeddings enter it already looked up ({@link #INPUT_EMB},
   * {@link #POSITIVE_EMB}, {@link #NEGATIVE_EMB}, and the whole table {@link #ITEM_TABLE} for the
   * full cross-entropy): ND4J M2.1 differentiates {@code gather} with a per-element loop that also
   * overwrites, rather than adds, the gradients of repeated items. The trainer looks rows up and
   * scatter-adds their gradients into the item table itself. These lookups are graph variables of
   * fixed shape that the trainer overwrites every step, so the batch size is fixed; dropout masks
   * need a static shape too (ND4J's own dropout op has no gradient).
   *
   * @param negatives negatives per position for {@link Objective#SAMPLED_CE} (ignored otherwise)
   */
  public static SameDiff trainingGraph(SasrecConfig config, int numItems, Objective objective, int negatives,
      int batchSize, Map<String, INDArray> weights) {
    SameDiff sd = SameDiff.create();
    Sasrec model = new Sasrec(sd, config, true, batchSize, weights);
    long rows = (long) batchSize * config.maxLen();
    int d = config.hiddenSize();
    SDVariable input = sd.placeHolder(INPUT, DataType.INT, batchSize, config.maxLen());
    SDVariable positive = sd.placeHolder(POSITIVE, DataType.INT, batchSize, config.maxLen());
    SDVariable hidden = model.encode(input, model.lookup(INPUT_EMB, rows, d), weights);      // [B*L, d]

    // Positions without a next item (padding) contribute nothing to the loss.
    SDVariable lossMask = sd.reshape(positive.neq(0).castTo(model.type), -1);
    SDVariable perPosition = switch (objective) {
      case BCE -> {
        // Eq. (10): -log sigmoid(r_pos) - log(1 - sigmoid(r_neg)), written with softplus for stability.
        SDVariable positiveLogit = sd.sum(hidden.mul(model.lookup(POSITIVE_EMB, rows, d)), 1);
        SDVariable negativeLogit = sd.sum(hidden.mul(model.lookup(NEGATIVE_EMB, rows, d)), 1);
        yield sd.nn.softplus(positiveLogit.neg()).add(sd.nn.softplus(negativeLogit));
      }
      case CE -> {
        // Logits (not probabilities) over the whole catalogue; the padding column can never win.
        INDArray paddingColumn = Nd4j.zeros(model.type, 1, numItems + 1L).putScalar(0, MASKED);
        SDVariable logits = sd.mmul(hidden, model.lookup(ITEM_TABLE, numItems + 1L, d), false, true, false)
            .add(sd.constant(paddingColumn));
        yield model.crossEntropy(logits, sd.oneHot(sd.reshape(positive, -1), numItems + 1, 1, 1.0, 0.0, model.type));
      }
      case SAMPLED_CE -> {
        // Logits of [next item, k negatives]; the next item is class 0.
        SDVariable positiveLogit = sd.sum(hidden.mul(model.lookup(POSITIVE_EMB, rows, d)), true, 1);
        SDVariable negativeEmb = sd.reshape(model.lookup(NEGATIVE_EMB, rows * negatives, d), rows, negatives, d);
        SDVariable negativeLogits = sd.reshape(sd.mmul(negativeEmb, sd.reshape(hidden, rows, d, 1)), rows, negatives);
        SDVariable logits = sd.concat(1, positiveLogit, negativeLogits);
        yield model.crossEntropy(logits, sd.constant(Nd4j.zeros(model.type, 1, negatives + 1L).putScalar(0, 1.0)));
      }
    };
    SDVariable loss = sd.sum(perPosition.mul(lossMask)).div(sd.sum(lossMask));
    loss.rename(LOSS);
    sd.setLossVariables(LOSS);
    return sd;
  }

  /** The inference graph: dropout off, scores of every item (column 0 = padding) after the last position. */
  public static SameDiff scoringGraph(SasrecConfig config, int numItems, Map<String, INDArray> weights) {
    SameDiff sd = SameDiff.create();
    Sasrec model = new Sasrec(sd, config, false, -1, weights);
    SDVariable input = sd.placeHolder(INPUT, DataType.INT, -1, config.maxLen());
    SDVariable itemTable = sd.concat(ITEM_TABLE, 0, sd.constant(Nd4j.zeros(model.type, 1, config.hiddenSize())),
        sd.var(ITEM_EMB, weights.get(ITEM_EMB)));
    SDVariable embedded = sd.gather(itemTable, sd.reshape(input, -1), 0);
    SDVariable hidden = sd.reshape(model.encode(input, embedded, weights), -1, config.maxLen(), config.hiddenSize());
    SDVariable last = hidden.get(SDIndex.all(), SDIndex.point(config.maxLen() - 1), SDIndex.all());
    sd.mmul(SCORES, last, itemTable, false, true, false);
    return sd;
  }

  /**
   * Softmax cross-entropy from logits, log-sum-exp minus the target's logit, per row. Written out
   * because ND4J M2.1's fused ops fail here: sparseSoftmaxCrossEntropy's backward pass ignores the
   * incoming gradient (losing the mask and the mean), logSumExp's backward pass fails on reshape,
   * and logSoftmax underflows to -inf, which a zero one-hot entry turns into NaN.
   */
  private SDVariable crossEntropy(SDVariable logits, SDVariable oneHotTarget) {
    SDVariable max = sd.max(logits, true, 1);
    SDVariable logSumExp = sd.math.log(sd.sum(sd.math.exp(logits.sub(max)), true, 1)).add(max);
    return sd.reshape(logSumExp, -1).sub(sd.sum(logits.mul(oneHotTarget), 1));
  }

  /** A looked-up block of item embeddings (padding rows are zero), set by the trainer every step. */
  private SDVariable lookup(String name, long rows, int d) {
    return sd.var(name, Nd4j.zeros(type, rows, d));
  }

  /**
   * Sections III.A-III.D: embedding, b self-attention blocks, final layer norm. {@code items} are
   * the rows of the item embedding matrix M for {@code input}, [B*L, d]. Returns F, [B*L, d].
   */
  private SDVariable encode(SDVariable input, SDVariable items, Map<String, INDArray> weights) {
    int d = config.hiddenSize();
    int maxLen = config.maxLen();
    // Padding keys are never attended to, except by the padding query at the same position: a row
    // with every key masked would be 0/0 in the softmax. Padding outputs are zeroed afterwards.
    SDVariable keyBias = sd.reshape(input.eq(0).castTo(type).mul(MASKED), -1, 1, 1, maxLen)
        .mul(sd.constant(Nd4j.ones(type, maxLen, maxLen).subi(Nd4j.eye(maxLen).castTo(type))));

    // E = M_s * sqrt(d) + P (the authors scale the item embedding by sqrt(d)).
    SDVariable positionEmb = sd.var(POS_EMB, weights.get(POS_EMB));
    SDVariable embedded = sd.reshape(items, -1, maxLen, d).mul(Math.sqrt(d)).add(positionEmb);
    SDVariable x = dropout(sd.reshape(embedded, -1, d), batch * maxLen, d);

    for (int b = 0; b < config.blocks(); b++) {
      // Section III.C: g(x) = x + Dropout(g(LayerNorm(x))), or LayerNorm(x + Dropout(g(x))) when post-LN.
      SDVariable attnIn = config.preLayerNorm() ? layerNorm(x, b, "attn_ln", weights) : x;
      SDVariable attended = x.add(selfAttention(attnIn, keyBias, b, weights));
      x = config.preLayerNorm() ? attended : layerNorm(attended, b, "attn_ln", weights);
      SDVariable ffnIn = config.preLayerNorm() ? layerNorm(x, b, "ffn_ln", weights) : x;
      SDVariable fed = x.add(feedForward(ffnIn, b, weights));
      x = config.preLayerNorm() ? fed : layerNorm(fed, b, "ffn_ln", weights);
    }
    return config.preLayerNorm() ? layerNorm(x, FINAL_LN_GAIN, FINAL_LN_BIAS, weights) : x;
  }

  /** Section III.B, Eq. (2)-(3): causal scaled dot-product attention, h heads, no output projection. */
  private SDVariable selfAttention(SDVariable x, SDVariable keyBias, int b, Map<String, INDArray> weights) {
    int heads = config.heads();
    int maxLen = config.maxLen();
    int headSize = config.hiddenSize() / heads;
    SDVariable queries = splitHeads(dense(x, b, "attn.wq", "attn.bq", weights));    // [B, h, L, d/h]
    SDVariable keys = splitHeads(dense(x, b, "attn.wk", "attn.bk", weights));
    SDVariable values = splitHeads(dense(x, b, "attn.wv", "attn.bv", weights));
    // Causality: query i never sees key j > i.
    INDArray future = Nd4j.ones(type, maxLen, maxLen);
    for (int i = 0; i < maxLen; i++) {
      for (int j = 0; j <= i; j++) {
        future.putScalar(i, j, 0f);
      }
    }
    SDVariable causalBias = sd.constant(future.muli(MASKED));
    SDVariable scores = sd.mmul(queries, keys, false, true, false).div(Math.sqrt(headSize))
        .add(causalBias).add(keyBias);
    SDVariable weightsOfKeys = dropout(sd.nn.softmax(scores, 3), batch, heads, maxLen, maxLen);
    SDVariable attended = sd.mmul(weightsOfKeys, values);                             // [B, h, L, d/h]
    return sd.reshape(sd.permute(attended, 0, 2, 1, 3), -1, config.hiddenSize());
  }

  /** Section III.C, Eq. (4): F = ReLU(S W1 + b1) W2 + b2, with dropout after each layer as the authors. */
  private SDVariable feedForward(SDVariable x, int b, Map<String, INDArray> weights) {
    long rows = batch * config.maxLen();
    SDVariable hidden = dropout(sd.nn.relu(dense(x, b, "ffn.w1", "ffn.b1", weights), 0), rows, config.hiddenSize());
    return dropout(dense(hidden, b, "ffn.w2", "ffn.b2", weights), rows, config.hiddenSize());
  }

  private SDVariable splitHeads(SDVariable x) {
    int heads = config.heads();
    return sd.permute(sd.reshape(x, -1, config.maxLen(), heads, config.hiddenSize() / heads), 0, 2, 1, 3);
  }

  private SDVariable dense(SDVariable x, int b, String w, String bias, Map<String, INDArray> weights) {
    return sd.nn.linear(x, param(block(b, w), weights), param(block(b, bias), weights));
  }

  private SDVariable layerNorm(SDVariable x, int b, String name, Map<String, INDArray> weights) {
    return layerNorm(x, block(b, name + ".gain"), block(b, name + ".bias"), weights);
  }

  /**
   * Layer norm as standardize, then x * diag(gain) + bias. The gain goes through a matrix product
   * because ND4J's broadcast multiply (and its fused layer_norm) reduce the gain's gradient over
   * the rows several times slower than a GEMM does.
   */
  private SDVariable layerNorm(SDVariable x, String gain, String bias, Map<String, INDArray> weights) {
    return sd.nn.linear(sd.math.standardize(x, 1), sd.math.diag(param(gain, weights)), param(bias, weights));
  }

  /** Inverted dropout with a fresh mask per step; identity outside training. */
  private SDVariable dropout(SDVariable x, long... shape) {
    if (!training || config.dropout() == 0) {
      return x;
    }
    double keep = 1 - config.dropout();
    SDVariable scaledMask = sd.random.uniform(0, 1, type, shape).lt(keep).castTo(type).div(keep);
    return x.mul(scaledMask);
  }

  private SDVariable param(String name, Map<String, INDArray> weights) {
    SDVariable existing = sd.getVariable(name);
    return existing != null ? existing : sd.var(name, weights.get(name));
  }
}
