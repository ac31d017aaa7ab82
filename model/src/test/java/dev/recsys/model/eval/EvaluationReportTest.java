package dev.recsys.model.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluationReportTest {

  private static EvaluationResult result(EvaluationStage stage, int users, int... ranks) {
    RankingMetrics sampled = new RankingMetrics();
    RankingMetrics full = new RankingMetrics();
    for (int rank : ranks) {
      sampled.add(rank);
      full.add(rank * 10);
    }
    return new EvaluationResult(stage, 100, users, sampled.toMap(), full.toMap());
  }

  @Test
  void tableHasOneRowPerMetricAndColumnsInProtocolOrder() {
    String table = EvaluationReport.table(
        result(EvaluationStage.TEST, 2, 1, 3), result(EvaluationStage.TEST, 2, 2, 2));
    String[] lines = table.split("\n");
    assertEquals(10, lines.length); // description, header, 8 metrics
    assertEquals("TEST stage, 2 users, 100 sampled negatives", lines[0]);
    assertEquals("metric   model sampled  popularity sampled  model full  popularity full", lines[1]);
    // HR@1: model sampled 0.5 (ranks 1, 3), popularity 0 (ranks 2, 2); full ranks are 10x.
    assertEquals("HR@1            0.5000              0.0000      0.0000           0.0000", lines[2]);
    assertEquals("HR@5            1.0000              1.0000      0.0000           0.0000", lines[3]);
    assertTrue(lines[9].startsWith("MRR "));
    for (int i = 2; i < lines.length; i++) {
      assertEquals(lines[1].length(), lines[i].length(), "fixed width, line " + i);
    }
  }

  @Test
  void refusesToPutIncomparableResultsSideBySide() {
    assertThrows(IllegalArgumentException.class, () -> EvaluationReport.table(
        result(EvaluationStage.TEST, 2, 1, 3), result(EvaluationStage.VALIDATION, 2, 1, 3)));
    assertThrows(IllegalArgumentException.class, () -> EvaluationReport.table(
        result(EvaluationStage.TEST, 2, 1, 3), result(EvaluationStage.TEST, 3, 1, 3, 4)));
    Map<String, EvaluationResult> none = new LinkedHashMap<>();
    assertThrows(IllegalArgumentException.class, () -> EvaluationReport.table(none));
  }
}
