package dev.recsys.model.eval;

/** Which held-out item of the leave-one-out split is being predicted. */
public enum EvaluationStage {
  /** Second-to-last item, predicted from the training prefix (model selection, early stopping). */
  VALIDATION,
  /** Last item, predicted from the training prefix plus the validation item (reported numbers). */
  TEST
}
