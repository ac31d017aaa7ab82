package dev.recsys.retrain;

import dev.recsys.model.eval.EvaluationResult;
import dev.recsys.model.eval.RankingMetrics;
import java.util.Map;
import java.util.Set;

/**
 * The metric the publishing gate compares: a protocol ({@code full} or {@code sampled}) and a
 * metric name as {@link RankingMetrics} reports it, written {@code full:NDCG@10}.
 */
public record GateMetric(boolean fullRanking, String name) {
  private static final String FULL = "full";
  private static final String SAMPLED = "sampled";

  /**
   * Full-ranking NDCG@10: every item is a candidate, so the number cannot be flattered by easy
   * sampled negatives, which can order two models differently from full ranking.
   */
  public static final GateMetric DEFAULT = new GateMetric(true, "NDCG@10");

  public GateMetric {
    Set<String> known = metricNames();
    if (!known.contains(name)) {
      throw new IllegalArgumentException("gate metric '" + name + "' is not one of " + known);
    }
  }

  /** {@code full:NDCG@10} or {@code sampled:HR@10}. */
  public static GateMetric parse(String text) {
    int colon = text.indexOf(':');
    String protocol = colon < 0 ? "" : text.substring(0, colon);
    if (!protocol.equals(FULL) && !protocol.equals(SAMPLED)) {
      throw new IllegalArgumentException("gate metric '" + text + "' must be full:<metric> or sampled:<metric>, "
          + "e.g. " + DEFAULT);
    }
    return new GateMetric(protocol.equals(FULL), text.substring(colon + 1));
  }

  /** This metric's value in {@code result}. */
  public double valueIn(EvaluationResult result) {
    return (fullRanking ? result.full() : result.sampled()).get(name);
  }

  @Override
  public String toString() {
    return (fullRanking ? FULL : SAMPLED) + ":" + name;
  }

  /** The names RankingMetrics reports, taken from it so the two cannot drift apart. */
  private static Set<String> metricNames() {
    RankingMetrics any = new RankingMetrics();
    any.add(1);
    Map<String, Double> metrics = any.toMap();
    return metrics.keySet();
  }
}
