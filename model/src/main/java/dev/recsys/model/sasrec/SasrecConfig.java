package dev.recsys.model.sasrec;

/**
 * SASRec hyper-parameters (Kang &amp; McAuley, ICDM 2018, Section III). The defaults are the
 * paper's MovieLens-1M settings.
 *
 * @param maxLen n, the longest history the model reads (older items are dropped)
 * @param hiddenSize d, the embedding and hidden size
 * @param blocks b, the number of self-attention blocks
 * @param heads h, attention heads per block (the paper uses 1; d must divide by h)
 * @param dropout dropout rate on embeddings, attention weights and feed-forward outputs
 * @param l2Emb L2 penalty on the item embedding table
 * @param preLayerNorm true: x + F(LN(x)) as the authors' code; false: LN(x + F(x)) as the Transformer
 */
public record SasrecConfig(
    int maxLen, int hiddenSize, int blocks, int heads, double dropout, double l2Emb, boolean preLayerNorm) {

  public static final SasrecConfig PAPER_ML1M = new SasrecConfig(200, 50, 2, 1, 0.2, 0.0, true);

  public SasrecConfig {
    require(maxLen >= 1, "maxLen", maxLen, "must be >= 1");
    require(hiddenSize >= 1, "hiddenSize", hiddenSize, "must be >= 1");
    require(blocks >= 1, "blocks", blocks, "must be >= 1");
    require(heads >= 1, "heads", heads, "must be >= 1");
    require(hiddenSize % heads == 0, "heads", heads, "must divide hiddenSize " + hiddenSize);
    require(dropout >= 0 && dropout < 1, "dropout", dropout, "must be in [0, 1)");
    require(l2Emb >= 0, "l2Emb", l2Emb, "must be >= 0");
  }

  private static void require(boolean ok, String field, Object value, String reason) {
    if (!ok) {
      throw new IllegalArgumentException("SASRec config: " + field + "=" + value + " " + reason);
    }
  }
}
