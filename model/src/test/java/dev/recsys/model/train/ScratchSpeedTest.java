package dev.recsys.model.train;
import dev.recsys.model.data.*;
import dev.recsys.model.eval.*;
import dev.recsys.model.sasrec.*;
import java.nio.file.Path;
import java.util.*;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
class ScratchSpeedTest {
  @Test void speed() throws Exception {
    SequenceDataset data = DatasetReader.read(Path.of("/work/shared/data/ml-1m.txt.gz"), false);
    LeaveOneOut split = LeaveOneOut.of(data);
    SasrecConfig c = SasrecConfig.PAPER_ML1M;
    for (Objective o : new Objective[]{Objective.BCE, Objective.CE}) {
      var w = SasrecWeights.initial(c, split.numItems(), 1, DataType.FLOAT);
      BatchSampler s = new BatchSampler(split.trainingSequences(), split.numItems(), c.maxLen(), 128, o.negativesPerPosition(100), 1);
      var g = new SasrecTrainingGraph(c, split.numItems(), o, 100, 128, w);
      Adam adam = new Adam(0.001, 0.9, 0.98, 1e-8);
      List<TrainingBatch> batches = s.epoch();
      Map<String, INDArray> grads = new HashMap<>();
      for (int i = 0; i < 6; i++) {
        long t0 = System.nanoTime();
        double loss = g.lossAndGradients(batches.get(i), grads);
        long t1 = System.nanoTime();
        adam.step(g.parameters(), grads);
        long t2 = System.nanoTime();
        System.out.printf("SPEED %s batch %d loss %.4f grad %.0f ms adam %.0f ms%n", o, i, loss, (t1-t0)/1e6, (t2-t1)/1e6);
      }
    }
  }
}
