package dev.recsys.model.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Both protocols' metrics for one scorer at one stage, over the same users.
 *
 * @param sampled metrics ranking the true item against {@code negatives} sampled items (the paper's)
 * @param full metrics ranking the true item against every item not in the history
 * @param users number of users evaluated
 */
public record EvaluationResult(
    EvaluationStage stage, int negatives, int users, Map<String, Double> sampled, Map<String, Double> full) {

  public EvaluationResult {
    // Copied into insertion-ordered maps so the metric order survives into reports and JSON.
    sampled = Collections.unmodifiableMap(new LinkedHashMap<>(sampled));
    full = Collections.unmodifiableMap(new LinkedHashMap<>(full));
  }

  /** A JSON-ready view: stage, negatives, users, then the two metric maps, in that order. */
  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("stage", stage.name());
    map.put("negatives", negatives);
    map.put("users", users);
    map.put("sampled", sampled);
    map.put("full", full);
    return map;
  }
}
