package dev.recsys.model.train;

import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Adam (Kingma &amp; Ba, 2015) with bias correction, updating parameters in place. Dense for every
 * parameter, the item table included, as TensorFlow's Adam in the authors' code. Not thread-safe.
 */
final class Adam {
  private final double learningRate;
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final Map<String, INDArray> firstMoment = new HashMap<>();
  private final Map<String, INDArray> secondMoment = new HashMap<>();
  private long step;

  Adam(double learningRate, double beta1, double beta2, double epsilon) {
    this.learningRate = learningRate;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
  }

  void step(Map<String, INDArray> parameters, Map<String, INDArray> gradients) {
    step++;
    double stepSize = learningRate * Math.sqrt(1 - Math.pow(beta2, step)) / (1 - Math.pow(beta1, step));
    for (Map.Entry<String, INDArray> entry : parameters.entrySet()) {
      INDArray parameter = entry.getValue();
      INDArray gradient = gradients.get(entry.getKey());
      if (gradient == null) {
        throw new IllegalStateException("no gradient for parameter '" + entry.getKey() + "'");
      }
      INDArray m = firstMoment.computeIfAbsent(entry.getKey(), k -> parameter.ulike().assign(0));
      INDArray v = secondMoment.computeIfAbsent(entry.getKey(), k -> parameter.ulike().assign(0));
      m.muli(beta1).addi(gradient.mul(1 - beta1));
      v.muli(beta2).addi(gradient.mul(gradient).muli(1 - beta2));
      INDArray denominator = Transforms.sqrt(v, true).addi(epsilon);
      parameter.subi(m.div(denominator).muli(stepSize));
    }
  }
}
