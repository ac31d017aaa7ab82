package dev.recsys.stream.bench;

import dev.recsys.model.SasrecModel;
import dev.recsys.model.inference.Recommender;
import dev.recsys.model.sasrec.SasrecConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What the machine's matrix multiply allows: ND4J GEMM GFLOP/s, and the FLOP one scored event
 * costs in {@code SasrecForward} as {@code ScoringOperator} runs it (one multiply-add = 2 FLOP).
 */
final class ComputeBound {
  private ComputeBound() {}

  /** One measured GEMM shape: [m x k] times [k x n]. */
  record Gemm(String shape, long m, long k, long n, double gflops) {}

  /**
   * FLOP to score one history of {@code length} items, counted from SasrecForward: every block but
   * the last runs Q, K, V and the two feed-forward layers (d x d each) on all L positions and
   * attention over L x L; the last block runs K and V on all positions but Q, attention and the
   * feed-forward on the last position only; then the last hidden state is scored against all N+1
   * item rows. Layer norms, softmax, masks and adds are O(L d) and left out.
   *
   * <pre>
   * F(L) = (B-1) (10 L d^2 + 4 L^2 d) + 4 L d^2 + 6 d^2 + 4 L d + 2 d (N+1)
   * </pre>
   */
  static double flopPerEvent(SasrecConfig config, int items, int length) {
    double l = Math.min(length, config.maxLen());
    double d = config.hiddenSize();
    double allPositions = 10 * l * d * d + 4 * l * l * d;
    double lastPosition = 4 * l * d * d + 6 * d * d + 4 * l * d;
    return (config.blocks() - 1) * allPositions + lastPosition + 2 * d * (items + 1);
  }

  static double meanFlop(SasrecConfig config, int items, int[] lengths) {
    double sum = 0;
    for (int length : lengths) {
      sum += flopPerEvent(config, items, length);
    }
    return sum / lengths.length;
  }

  /**
   * Events/s of the scoring call alone ({@code Recommender.recommendBatch}, as ScoringOperator calls
   * it) on the histories the throughput runs score, in batches of {@code batch}: what the job would
   * reach if Flink, RocksDB and Kafka cost nothing.
   */
  static double modelOnly(SasrecModel model, List<String[]> replay, int batch, int k) {
    List<List<String>> histories = new ArrayList<>(replay.size());
    Map<String, List<String>> sofar = new HashMap<>();
    int maxLen = model.config().maxLen();
    for (String[] event : replay) {
      List<String> history = sofar.computeIfAbsent(event[0], u -> new ArrayList<>());
      history.add(event[1]);
      histories.add(List.copyOf(history.subList(Math.max(0, history.size() - maxLen), history.size())));
    }
    Recommender recommender = new Recommender(model);
    score(recommender, histories.subList(0, Math.min(histories.size(), 4 * batch + 200)), batch, k);  // JIT warm-up
    long start = System.nanoTime();
    score(recommender, histories, batch, k);
    return histories.size() / ((System.nanoTime() - start) / 1e9);
  }

  private static void score(Recommender recommender, List<List<String>> histories, int batch, int k) {
    for (int from = 0; from < histories.size(); from += batch) {
      recommender.recommendBatch(histories.subList(from, Math.min(histories.size(), from + batch)), k);
    }
  }

  /** Square float32 GEMMs of each size, plus the job's own widest one (all positions of 64 users x d). */
  static List<Gemm> measure(int[] sizes, SasrecConfig config, int repeats) {
    List<Gemm> out = new ArrayList<>();
    for (int size : sizes) {
      out.add(gemm(size + "x" + size, size, size, size, repeats));
    }
    int d = config.hiddenSize();
    int rows = 64 * config.maxLen();
    out.add(gemm(rows + "x" + d + " * " + d + "x" + d + " (SASRec dense, batch 64)", rows, d, d, repeats));
    return out;
  }

  private static Gemm gemm(String shape, int m, int k, int n, int repeats) {
    INDArray a = Nd4j.rand(DataType.FLOAT, m, k);
    INDArray b = Nd4j.rand(DataType.FLOAT, k, n);
    INDArray c = Nd4j.create(DataType.FLOAT, m, n);
    // Small shapes finish in microseconds: repeat each timing until it lasts ~50 ms.
    int inner = 1;
    while (true) {
      long start = System.nanoTime();
      for (int i = 0; i < inner; i++) {
        Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
      }
      if (System.nanoTime() - start > 50_000_000L || inner >= 1 << 20) {
        break;
      }
      inner *= 2;
    }
    double[] rates = new double[repeats];
    for (int r = 0; r < repeats; r++) {
      long start = System.nanoTime();
      for (int i = 0; i < inner; i++) {
        Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      rates[r] = 2.0 * m * k * n * inner / seconds / 1e9;
    }
    return new Gemm(shape, m, k, n, Stats.median(rates));
  }
}
