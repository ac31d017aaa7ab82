package dev.recsys.retrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recsys.model.eval.EvaluationResult;
import dev.recsys.model.eval.EvaluationStage;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GateDecisionTest {
  private static EvaluationResult result(double sampledNdcg, double fullNdcg) {
    return new EvaluationResult(EvaluationStage.TEST, 100, 10, Map.of("NDCG@10", sampledNdcg),
        Map.of("NDCG@10", fullNdcg));
  }

  @Test
  void publishesWhenNotWorseThanServingMinusTheMargin() {
    GateDecision equal = GateDecision.decide(GateMetric.DEFAULT, 0, result(0.1, 0.30), result(0.9, 0.30));
    assertTrue(equal.publish(), equal.text());
    assertEquals("published: candidate full:NDCG@10 0.3000 >= serving 0.3000 - margin 0.0000", equal.text());

    GateDecision withinMargin = GateDecision.decide(GateMetric.DEFAULT, 0.02, result(0, 0.29), result(0, 0.30));
    assertTrue(withinMargin.publish(), withinMargin.text());
  }

  @Test
  void refusesAWorseCandidateAndSaysWhy() {
    GateDecision worse = GateDecision.decide(GateMetric.DEFAULT, 0.005, result(0.9, 0.29), result(0.1, 0.30));
    assertFalse(worse.publish());
    assertEquals("refused: candidate full:NDCG@10 0.2900 < serving 0.3000 - margin 0.0050", worse.text());
  }

  @Test
  void aNegativeMarginDemandsAnImprovement() {
    assertFalse(GateDecision.decide(GateMetric.DEFAULT, -0.01, result(0, 0.305), result(0, 0.30)).publish());
    assertTrue(GateDecision.decide(GateMetric.DEFAULT, -0.01, result(0, 0.31), result(0, 0.30)).publish());
  }

  @Test
  void comparesTheChosenProtocol() {
    GateMetric sampled = GateMetric.parse("sampled:NDCG@10");
    assertTrue(GateDecision.decide(sampled, 0, result(0.9, 0.1), result(0.5, 0.5)).publish());
    assertFalse(GateDecision.decide(GateMetric.DEFAULT, 0, result(0.9, 0.1), result(0.5, 0.5)).publish());
  }

  @Test
  void withoutAServingModelItPublishesAndSaysSo() {
    GateDecision none = GateDecision.decide(GateMetric.DEFAULT, 0, result(0, 0.01), null);
    assertTrue(none.publish());
    assertTrue(none.text().startsWith("published: no serving model"), none.text());
  }

  @Test
  void parsesAndNamesGateMetrics() {
    assertEquals(new GateMetric(false, "HR@10"), GateMetric.parse("sampled:HR@10"));
    assertEquals("full:NDCG@10", GateMetric.DEFAULT.toString());
    IllegalArgumentException noProtocol = assertThrows(IllegalArgumentException.class,
        () -> GateMetric.parse("NDCG@10"));
    assertTrue(noProtocol.getMessage().contains("must be full:<metric> or sampled:<metric>"), noProtocol.getMessage());
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> GateMetric.parse("full:NDCG@7"));
    assertTrue(unknown.getMessage().startsWith("gate metric 'NDCG@7' is not one of [HR@1"), unknown.getMessage());
  }
}
