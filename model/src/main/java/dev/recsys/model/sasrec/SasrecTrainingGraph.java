package dev.recsys.model.sasrec;

import static dev.recsys.model.sasrec.SasrecWeights.ITEM_EMB;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * SASRec's loss and its gradient with respect to every parameter, for one batch.
 *
 * <p>Wraps {@link Sasrec#trainingGraph}: it looks the batch's item embeddings up from the item
 * table, lets SameDiff differentiate the rest of the graph, and scatter-adds the gradients of the
 * looked-up rows back into the item table's gradient (repeated items accumulate). The padding row
 * is not a parameter and never receives a gradient.
 *
 * <p>Parameters are held as live arrays ({@link #parameters()}) that an optimiser updates in place.
 * Not thread-safe.
 */
public final class SasrecTrainingGraph {
  private final SameDiff sd;
  private final SasrecConfig config;
  private final int numItems;
  private final Objective objective;
  private final int batchSize;
  private final int negatives;
  private final INDArray itemEmb;
  private final Map<String, INDArray> parameters = new LinkedHashMap<>();
  private final List<String> differentiated = new ArrayList<>();

  public SasrecTrainingGraph(SasrecConfig config, int numItems, Objective objective, int sampledNegatives,
      int batchSize, Map<String, INDArray> initialWeights) {
    this.config = config;
    this.numItems = numItems;
    this.objective = objective;
    this.batchSize = batchSize;
    this.negatives = objective.negativesPerPosition(sampledNegatives);
    this.sd = Sasrec.trainingGraph(config, numItems, objective, sampledNegatives, batchSize, initialWeights);
    this.itemEmb = initialWeights.get(ITEM_EMB).dup();
    buildBackwardGraphQuietly(sd);
    for (String name : SasrecWeights.shapes(config, numItems).keySet()) {
      parameters.put(name, name.equals(ITEM_EMB) ? itemEmb : sd.getVariable(name).getArr());
      if (!name.equals(ITEM_EMB)) {
        differentiated.add(name);
      }
    }
    differentiated.add(Sasrec.INPUT_EMB);
    if (objective != Objective.CE) {
      differentiated.add(Sasrec.POSITIVE_EMB);
    }
    if (negatives > 0) {
      differentiated.add(Sasrec.NEGATIVE_EMB);
    }
    if (objective == Objective.CE) {
      differentiated.add(Sasrec.ITEM_TABLE);
    }
  }

  /**
   * ND4J M2.1 prints a line per differentiated op to System.out while it builds the backward graph
   * (an unconditional println in SameDiff.createGradFunction). Building it up front, with stdout
   * muted for that moment, keeps the output of commands that print JSON machine-readable.
   */
  private static void buildBackwardGraphQuietly(SameDiff sd) {
    PrintStream stdout = System.out;
    System.setOut(new PrintStream(OutputStream.nullOutputStream()));
    try {
      sd.createGradFunction();
    } finally {
      System.setOut(stdout);
    }
  }

  /** The live parameter arrays, by {@link SasrecWeights} name. */
  public Map<String, INDArray> parameters() {
    return parameters;
  }

  /** Fills {@code gradients} (by parameter name) and returns the batch's loss. */
  public double lossAndGradients(TrainingBatch batch, Map<String, INDArray> gradients) {
    if (batch.size() != batchSize || batch.negativesPerPosition() != negatives) {
      throw new IllegalArgumentException("batch of " + batch.size() + " with " + batch.negativesPerPosition()
          + " negatives per position; this graph takes " + batchSize + " with " + negatives);
    }
    INDArray table = Nd4j.concat(0, Nd4j.zeros(itemEmb.dataType(), 1, config.hiddenSize()), itemEmb);
    int[] inputItems = flatten(batch.input());
    int[] positiveItems = flatten(batch.positive());
    setLookup(Sasrec.INPUT_EMB, Nd4j.pullRows(table, 1, inputItems));
    if (objective != Objective.CE) {
      setLookup(Sasrec.POSITIVE_EMB, Nd4j.pullRows(table, 1, positiveItems));
    }
    if (negatives > 0) {
      setLookup(Sasrec.NEGATIVE_EMB, Nd4j.pullRows(table, 1, batch.negatives()));
    }
    if (objective == Objective.CE) {
      setLookup(Sasrec.ITEM_TABLE, table);
    }
    Map<String, INDArray> feed = Map.of(
        Sasrec.INPUT, Nd4j.createFromArray(batch.input()),
        Sasrec.POSITIVE, Nd4j.createFromArray(batch.positive()));
    OutAndGrad result = sd.calculateGradientsAndOutputs(feed, List.of(Sasrec.LOSS), differentiated);
    Map<String, INDArray> grads = result.getGradients();

    // One buffer for all lookups, copied into an INDArray once per step.
    double[] lookupGrad = new double[(int) itemEmb.length()];
    scatterAdd(lookupGrad, inputItems, grads.get(Sasrec.INPUT_EMB));
    if (objective != Objective.CE) {
      scatterAdd(lookupGrad, positiveItems, grads.get(Sasrec.POSITIVE_EMB));
    }
    if (negatives > 0) {
      scatterAdd(lookupGrad, batch.negatives(), grads.get(Sasrec.NEGATIVE_EMB));
    }
    INDArray itemGrad = Nd4j.createFromArray(lookupGrad).reshape(itemEmb.shape()).castTo(itemEmb.dataType());
    if (objective == Objective.CE) {
      INDArray tableGrad = grads.get(Sasrec.ITEM_TABLE);
      itemGrad.addi(tableGrad.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, numItems + 1),
          org.nd4j.linalg.indexing.NDArrayIndex.all()));
    }
    double loss = result.getOutputs().get(Sasrec.LOSS).getDouble(0);
    if (config.l2Emb() > 0) {
      loss += config.l2Emb() * itemEmb.mul(itemEmb).sumNumber().doubleValue();
      itemGrad.addi(itemEmb.mul(2 * config.l2Emb()));
    }
    gradients.put(ITEM_EMB, itemGrad);
    for (String name : parameters.keySet()) {
      if (!name.equals(ITEM_EMB)) {
        gradients.put(name, grads.get(name));
      }
    }
    return loss;
  }

  private void setLookup(String name, INDArray rows) {
    sd.getVariable(name).getArr().assign(rows);
  }

  /** grad[item - 1] += rowGrads[i] for every looked-up item (index 0, padding, has no parameter). */
  private static void scatterAdd(double[] target, int[] items, INDArray rowGrads) {
    int d = (int) rowGrads.size(1);
    double[] source = rowGrads.dup('c').data().asDouble();
    for (int i = 0; i < items.length; i++) {
      if (items[i] != 0) {
        int to = (items[i] - 1) * d;
        int from = i * d;
        for (int j = 0; j < d; j++) {
          target[to + j] += source[from + j];
        }
      }
    }
  }

  private static int[] flatten(int[][] rows) {
    int width = rows[0].length;
    int[] flat = new int[rows.length * width];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(rows[i], 0, flat, i * width, width);
    }
    return flat;
  }
}
