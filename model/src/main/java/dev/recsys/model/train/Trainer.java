package dev.recsys.model.train;

import dev.recsys.model.eval.EvaluationOptions;
import dev.recsys.model.eval.EvaluationResult;
import dev.recsys.model.eval.EvaluationStage;
import dev.recsys.model.eval.Evaluator;
import dev.recsys.model.eval.LeaveOneOut;
import dev.recsys.model.sasrec.SasrecConfig;
import dev.recsys.model.sasrec.SasrecForward;
import dev.recsys.model.sasrec.SasrecScorer;
import dev.recsys.model.sasrec.SasrecTrainingGraph;
import dev.recsys.model.sasrec.SasrecWeights;
import dev.recsys.model.sasrec.TrainingBatch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains SASRec on the training part of a leave-one-out split, validates every few epochs on the
 * validation items, stops early when validation NDCG@10 stops improving, and keeps the best
 * epoch's weights.
 */
public final class Trainer {
  private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);
  private static final String SELECTION_METRIC = "NDCG@10";

  private final SasrecConfig config;
  private final TrainingOptions options;

  public Trainer(SasrecConfig config, TrainingOptions options) {
    this.config = config;
    this.options = options;
  }

  public TrainingResult train(LeaveOneOut split, TrainingListener listener) {
    return train(split, SasrecWeights.initial(config, split.numItems(), options.seed(), DataType.FLOAT), listener);
  }

  /** Trains from the given starting weights (a warm start), which are not modified. */
  public TrainingResult train(LeaveOneOut split, Map<String, INDArray> initialWeights, TrainingListener listener) {
    long started = System.nanoTime();
    Nd4j.getRandom().setSeed(options.seed());       // dropout masks
    int numItems = split.numItems();
    int negatives = options.objective().negativesPerPosition(options.sampledNegatives());
    BatchSampler sampler = new BatchSampler(split.trainingSequences(), numItems, config.maxLen(),
        options.batchSize(), negatives, options.seed());
    SasrecTrainingGraph graph = new SasrecTrainingGraph(config, numItems, options.objective(),
        options.sampledNegatives(), options.batchSize(), initialWeights);
    Adam adam = new Adam(options.learningRate(), TrainingOptions.BETA1, TrainingOptions.BETA2, TrainingOptions.EPSILON);
    Evaluator validator = new Evaluator(split, new EvaluationOptions(EvaluationOptions.PAPER_NEGATIVES,
        options.validationUsers(), options.seed(), EvaluationOptions.DEFAULT_BATCH_SIZE));
    LOG.info("training SASRec {} on {} users, {} items, {} batches of {} per epoch, loss {}", config,
        sampler.usersPerEpoch(), numItems, sampler.batchesPerEpoch(), options.batchSize(), options.objective().cliName());

    List<EpochRecord> history = new ArrayList<>();
    Map<String, INDArray> best = null;
    Map<String, Map<String, Double>> bestValidation = Map.of();
    double bestScore = Double.NEGATIVE_INFINITY;
    int bestEpoch = 0;
    int validationsWithoutImprovement = 0;
    int epoch = 0;
    Map<String, INDArray> gradients = new HashMap<>();
    while (epoch < options.epochs()) {
      epoch++;
      List<TrainingBatch> batches = sampler.epoch();
      listener.epochStarted(epoch, batches.size());
      long epochStart = System.nanoTime();
      double lossSum = 0;
      for (int b = 0; b < batches.size(); b++) {
        double loss = graph.lossAndGradients(batches.get(b), gradients);
        if (!Double.isFinite(loss)) {
          throw new IllegalStateException("training diverged: loss is " + loss + " at epoch " + epoch + ", batch "
              + (b + 1) + "; lower the learning rate (now " + options.learningRate() + ")");
        }
        adam.step(graph.parameters(), gradients);
        lossSum += loss;
        listener.batchDone(epoch, b + 1, batches.size(), loss);
      }
      double seconds = (System.nanoTime() - epochStart) / 1e9;
      double sequencesPerSecond = batches.size() * (double) options.batchSize() / seconds;

      boolean validate = epoch % options.validateEvery() == 0 || epoch == options.epochs();
      Map<String, Double> selected = Map.of();
      boolean newBest = false;
      if (validate) {
        EvaluationResult result = validator.evaluate(
            new SasrecScorer(new SasrecForward(config, numItems, graph.parameters())), EvaluationStage.VALIDATION);
        selected = options.selectOnFullRanking() ? result.full() : result.sampled();
        double score = selected.get(SELECTION_METRIC);
        if (score > bestScore) {
          bestScore = score;
          bestEpoch = epoch;
          best = copy(graph.parameters());
          bestValidation = Map.of("sampled", result.sampled(), "full", result.full());
          validationsWithoutImprovement = 0;
          newBest = true;
        } else {
          validationsWithoutImprovement++;
        }
      }
      EpochRecord record = new EpochRecord(epoch, lossSum / batches.size(), seconds, sequencesPerSecond, selected);
      history.add(record);
      listener.epochDone(record, newBest);
      if (validationsWithoutImprovement >= options.patience()) {
        LOG.info("early stop after epoch {}: validation {} has not improved on {} (epoch {}) for {} validations",
            epoch, SELECTION_METRIC, bestScore, bestEpoch, validationsWithoutImprovement);
        break;
      }
    }
    if (best == null) {
      best = copy(graph.parameters());
      bestEpoch = epoch;
    }
    return new TrainingResult(best, epoch, bestEpoch, bestValidation, history, (System.nanoTime() - started) / 1e9);
  }

  private static Map<String, INDArray> copy(Map<String, INDArray> parameters) {
    Map<String, INDArray> copy = new LinkedHashMap<>();
    parameters.forEach((name, array) -> copy.put(name, array.dup()));
    return copy;
  }
}
