package dev.recsys.model.train;

import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The outcome of a training run.
 *
 * @param weights the best epoch's parameters (the last epoch's when nothing was validated)
 * @param epochsTrained epochs actually run (early stopping may end before the maximum)
 * @param bestEpoch the epoch whose weights were kept
 * @param bestValidation validation metrics of that epoch under both protocols ("sampled", "full")
 * @param history every epoch's record
 * @param seconds wall time of the whole run, validation included
 */
public record TrainingResult(Map<String, INDArray> weights, int epochsTrained, int bestEpoch,
    Map<String, Map<String, Double>> bestValidation, List<EpochRecord> history, double seconds) {}
