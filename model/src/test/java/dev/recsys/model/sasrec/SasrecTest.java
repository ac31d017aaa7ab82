package dev.recsys.model.sasrec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SasrecTest {
  private static final int ITEMS = 13;

  private static SasrecConfig config(boolean preLn) {
    return new SasrecConfig(6, 8, 2, 2, 0.0, 0.0, preLn);
  }

  /** Weights with non-trivial layer-norm parameters, so a wrong gain/bias use shows up. */
  private static Map<String, INDArray> weights(SasrecConfig config, long seed) {
    Map<String, INDArray> weights = SasrecWeights.initial(config, ITEMS, seed, DataType.FLOAT);
    Nd4j.getRandom().setSeed(seed);
    weights.replaceAll((name, w) -> w.rank() == 1 ? w.add(Nd4j.randn(DataType.FLOAT, w.shape()).muli(0.3)) : w);
    return weights;
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void directForwardEqualsTheSameDiffGraph(boolean preLn) {
    SasrecConfig config = config(preLn);
    Map<String, INDArray> weights = weights(config, 7);
    List<int[]> histories = List.of(new int[] {1, 2, 3, 4, 5, 6, 7, 8}, new int[] {3}, new int[] {13, 12, 5});
    INDArray direct = new SasrecForward(config, ITEMS, weights).scores(histories);

    var graph = Sasrec.scoringGraph(config, ITEMS, weights);
    int[][] padded = new int[histories.size()][config.maxLen()];
    for (int u = 0; u < histories.size(); u++) {
      int[] h = histories.get(u);
      int take = Math.min(h.length, config.maxLen());
      System.arraycopy(h, h.length - take, padded[u], config.maxLen() - take, take);
    }
    INDArray viaGraph = graph.outputSingle(Map.of(Sasrec.INPUT, Nd4j.createFromArray(padded)), Sasrec.SCORES);
    assertEquals(histories.size(), direct.size(0));
    assertEquals(ITEMS + 1, direct.size(1));
    assertTrue(direct.equalsWithEps(viaGraph, 1e-4), () -> "direct " + direct + "\ngraph " + viaGraph);
  }

  @Test
  void outputAtLastPositionIgnoresLeftPadding() {
    SasrecConfig config = config(true);
    SasrecForward forward = new SasrecForward(config, ITEMS, weights(config, 3));
    INDArray plain = forward.scores(List.of(new int[] {4, 9, 2}));
    INDArray padded = forward.scores(List.of(new int[] {0, 0, 4, 9, 2}));
    // A longer neighbour in the batch pads this history further.
    INDArray batched = forward.scores(List.of(new int[] {4, 9, 2}, new int[] {1, 2, 3, 4, 5, 6})).getRow(0);
    assertTrue(plain.getRow(0).equalsWithEps(padded.getRow(0), 1e-5));
    assertTrue(plain.getRow(0).equalsWithEps(batched, 1e-5));
  }

  @Test
  void onlyTheLastMaxLenItemsCount() {
    SasrecConfig config = config(true);
    SasrecForward forward = new SasrecForward(config, ITEMS, weights(config, 5));
    INDArray longHistory = forward.scores(List.of(new int[] {11, 12, 1, 2, 3, 4, 5, 6}));
    INDArray truncated = forward.scores(List.of(new int[] {1, 2, 3, 4, 5, 6}));
    assertTrue(longHistory.equalsWithEps(truncated, 1e-5));
  }

  @Test
  void causalOutputAtPositionTIgnoresLaterItems() {
    // Training reads every position's output; position t must not depend on items after t.
    SasrecConfig config = config(true);
    Map<String, INDArray> weights = weights(config, 11);
    var graph = Sasrec.scoringGraph(config, ITEMS, weights);
    String hiddenName = graph.getVariable(Sasrec.SCORES).getCreator().args()[0].name();
    // The tensor before the last-position slice holds every position's output.
    String allPositions = graph.getVariable(hiddenName).getCreator().args()[0].name();
    INDArray a = graph.outputSingle(Map.of(Sasrec.INPUT, Nd4j.createFromArray(new int[][] {{0, 1, 2, 3, 4, 5}})),
        allPositions);
    INDArray b = graph.outputSingle(Map.of(Sasrec.INPUT, Nd4j.createFromArray(new int[][] {{0, 1, 2, 9, 8, 7}})),
        allPositions);
    assertEquals(3, a.rank());
    for (int t = 0; t < 3; t++) {
      assertTrue(a.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.point(t))
          .equalsWithEps(b.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
              org.nd4j.linalg.indexing.NDArrayIndex.point(t)), 1e-6), "position " + t);
    }
    assertTrue(!a.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.point(3))
        .equalsWithEps(b.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0),
            org.nd4j.linalg.indexing.NDArrayIndex.point(3)), 1e-3), "position 3 sees the changed item");
  }

  @ParameterizedTest
  @ValueSource(strings = {"BCE", "CE", "SAMPLED_CE"})
  void lossGradientMatchesFiniteDifferences(String objectiveName) {
    Objective objective = Objective.valueOf(objectiveName);
    SasrecConfig config = new SasrecConfig(4, 4, 1, 2, 0.0, 0.01, true);
    int batch = 2;
    int negatives = 3;
    Map<String, INDArray> weights = new HashMap<>(SasrecWeights.initial(config, ITEMS, 1, DataType.DOUBLE));
    Nd4j.getRandom().setSeed(1);
    weights.replaceAll((name, w) -> w.rank() == 1 ? w.add(Nd4j.randn(DataType.DOUBLE, w.shape()).muli(0.3)) : w);
    var graph = new SasrecTrainingGraph(config, ITEMS, objective, negatives, batch, weights);
    int k = objective.negativesPerPosition(negatives);
    int[] negativeItems = new int[batch * config.maxLen() * k];
    for (int i = 0; i < negativeItems.length; i++) {
      negativeItems[i] = 1 + (i * 5 + 3) % ITEMS;
    }
    // Item 5 repeats within and across sequences: its gradient must accumulate.
    TrainingBatch trainingBatch = new TrainingBatch(new int[][] {{0, 3, 5, 7}, {2, 5, 6, 5}},
        new int[][] {{0, 5, 7, 9}, {5, 6, 5, 10}}, negativeItems, k);
    Map<String, INDArray> grads = new HashMap<>();
    graph.lossAndGradients(trainingBatch, grads);
    Map<String, INDArray> scratch = new HashMap<>();
    double eps = 1e-6;
    int checked = 0;
    for (Map.Entry<String, INDArray> parameter : graph.parameters().entrySet()) {
      INDArray w = parameter.getValue();
      INDArray grad = grads.get(parameter.getKey()).dup();
      for (long i = 0; i < w.length(); i += Math.max(1, w.length() / 6)) {
        double original = w.getDouble(i);
        w.putScalar(i, original + eps);
        double plus = graph.lossAndGradients(trainingBatch, scratch);
        w.putScalar(i, original - eps);
        double minus = graph.lossAndGradients(trainingBatch, scratch);
        w.putScalar(i, original);
        double numeric = (plus - minus) / (2 * eps);
        double analytic = grad.getDouble(i);
        assertEquals(numeric, analytic, 1e-6 + 1e-4 * Math.abs(numeric),
            () -> parameter.getKey() + ": analytic " + analytic + " numeric " + numeric);
        checked++;
      }
    }
    assertTrue(checked > 80, "checked " + checked);
    // Item 5 occurs as input, target and negative: its gradient row is non-zero.
    assertTrue(grads.get(SasrecWeights.ITEM_EMB).getRow(4).norm2Number().doubleValue() > 0);
  }
}
