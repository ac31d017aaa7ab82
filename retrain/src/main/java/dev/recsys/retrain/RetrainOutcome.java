package dev.recsys.retrain;

import dev.recsys.model.eval.EvaluationReport;
import dev.recsys.model.eval.EvaluationResult;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a retraining run produced and decided.
 *
 * @param version the new model's version
 * @param artifact where its artifact was written (kept whether published or not)
 * @param published whether it was announced on the model-updates topic
 * @param decision the gate's decision and reason
 * @param candidate the new model on the hold-out (test stage)
 * @param serving the serving model on the same users and negatives, or null when there was none
 * @param servingVersion the serving model's version, or null
 * @param warmStarted whether training started from the serving model's weights
 * @param replay what the replay did
 * @param epochsTrained epochs run (early stopping may stop before the maximum)
 * @param bestEpoch the epoch whose weights were kept
 * @param trainingSeconds wall time of training, its validations included
 * @param evaluationSeconds wall time of the hold-out evaluation of both models
 */
public record RetrainOutcome(String version, Path artifact, boolean published, GateDecision decision,
    EvaluationResult candidate, EvaluationResult serving, String servingVersion, boolean warmStarted,
    ReplaySummary replay, int epochsTrained, int bestEpoch, double trainingSeconds, double evaluationSeconds) {

  /** Both models' sampled and full metrics side by side (the candidate alone when nothing was served). */
  public String table() {
    Map<String, EvaluationResult> columns = new LinkedHashMap<>();
    columns.put("candidate", candidate);
    if (serving != null) {
      columns.put("serving", serving);
    }
    return EvaluationReport.table(columns);
  }
}
