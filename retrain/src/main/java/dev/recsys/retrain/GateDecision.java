package dev.recsys.retrain;

import dev.recsys.model.eval.EvaluationResult;
import java.util.Locale;

/**
 * Whether a retrained model is published, and why, in words that go into the artifact's
 * provenance and the command's output.
 *
 * @param publish true when the candidate may replace the serving model
 * @param text the reason, e.g. {@code "published: full:NDCG@10 0.4120 >= serving 0.3990 - margin 0.0000"}
 */
public record GateDecision(boolean publish, String text) {

  /**
   * Publishes when {@code candidate >= serving - margin} on {@code metric}, or when nothing is
   * served yet. A positive margin tolerates a small loss (retraining on fresh data may be worth a
   * slightly lower score on the hold-out); a negative one demands an improvement.
   *
   * @param serving the serving model's result on the same users and negatives, or null when none
   */
  public static GateDecision decide(GateMetric metric, double margin, EvaluationResult candidate,
      EvaluationResult serving) {
    double candidateValue = metric.valueIn(candidate);
    if (serving == null) {
      return new GateDecision(true, String.format(Locale.ROOT, "published: no serving model to compare with "
          + "(candidate %s %.4f)", metric, candidateValue));
    }
    double servingValue = metric.valueIn(serving);
    boolean publish = candidateValue >= servingValue - margin;
    return new GateDecision(publish, String.format(Locale.ROOT, "%s: candidate %s %.4f %s serving %.4f - margin %.4f",
        publish ? "published" : "refused", metric, candidateValue, publish ? ">=" : "<", servingValue, margin));
  }
}
