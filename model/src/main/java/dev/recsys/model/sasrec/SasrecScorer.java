package dev.recsys.model.sasrec;

import dev.recsys.model.eval.SequenceScorer;
import java.util.List;

/** Lets the evaluator rank with SASRec: scores every item after each history in one batched pass. */
public final class SasrecScorer implements SequenceScorer {
  private final SasrecForward forward;

  public SasrecScorer(SasrecForward forward) {
    this.forward = forward;
  }

  @Override
  public float[][] score(List<int[]> histories) {
    return forward.scores(histories).toFloatMatrix();
  }

  @Override
  public int numItems() {
    return forward.numItems();
  }
}
