package dev.recsys.cli;

import dev.recsys.model.train.EpochRecord;
import dev.recsys.model.train.TrainingListener;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows training as it goes: a progress bar per epoch (optional) and a one-line summary after each
 * epoch. Everything goes to the given stream, which the CLI sets to stderr so stdout stays
 * machine-readable.
 */
public final class TrainingProgress implements TrainingListener, AutoCloseable {
  /** The validation metrics the summary names, in this order, when the epoch has them. */
  private static final List<String> SUMMARY_METRICS = List.of("NDCG@10", "HR@10");

  private final int batchSize;
  private final int maxEpochs;
  private final boolean showBar;
  private final PrintStream out;

  private ProgressBar bar;
  private long epochStartNanos;
  private double lossSum;
  private int lossCount;

  /**
   * @param batchSize training sequences per batch, for the running sequences/s
   * @param maxEpochs the most epochs training may run, for "epoch 3/200"
   * @param showBar whether to draw a progress bar; without it only the epoch summaries are printed
   * @param out where the bar and the summaries go (stderr in the CLI)
   */
  public TrainingProgress(int batchSize, int maxEpochs, boolean showBar, PrintStream out) {
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
    }
    this.batchSize = batchSize;
    this.maxEpochs = maxEpochs;
    this.showBar = showBar;
    this.out = out;
  }

  @Override
  public void epochStarted(int epoch, int batches) {
    closeBar();
    epochStartNanos = System.nanoTime();
    lossSum = 0;
    lossCount = 0;
    if (showBar) {
      bar = new ProgressBarBuilder()
          .setTaskName("epoch " + epoch + "/" + maxEpochs)
          .setInitialMax(batches)
          .setStyle(ProgressBarStyle.ASCII)
          .setUpdateIntervalMillis(250)
          .setConsumer(new ConsoleProgressBarConsumer(out))
          .build();
    }
  }

  @Override
  public void batchDone(int epoch, int batch, int batches, double loss) {
    lossSum += loss;
    lossCount++;
    if (bar != null) {
      double seconds = (System.nanoTime() - epochStartNanos) / 1e9;
      double sequencesPerSecond = seconds > 0 ? (double) batch * batchSize / seconds : 0;
      bar.stepTo(batch);
      bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f  %.0f seq/s", lossSum / lossCount,
          sequencesPerSecond));
    }
  }

  @Override
  public void epochDone(EpochRecord record, boolean newBest) {
    closeBar();
    out.println(summary(record, newBest));
    out.flush();
  }

  /** Closes an epoch's bar left open, e.g. when training failed mid-epoch. */
  @Override
  public void close() {
    closeBar();
  }

  private void closeBar() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }

  /**
   * One epoch in a line: {@code epoch 3: loss 0.4123, 12.3 s, 1234 seq/s, validation NDCG@10 0.5123
   * HR@10 0.8123 (best)}; the validation part only when the epoch was validated.
   */
  static String summary(EpochRecord record, boolean newBest) {
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "epoch %d: loss %.4f, %.1f s, %.0f seq/s",
        record.epoch(), record.meanLoss(), record.seconds(), record.sequencesPerSecond()));
    if (record.validated()) {
      line.append(", validation");
      for (String metric : shownMetrics(record.validation())) {
        line.append(String.format(Locale.ROOT, " %s %.4f", metric, record.validation().get(metric)));
      }
      if (newBest) {
        line.append(" (best)");
      }
    }
    return line.toString();
  }

  /** NDCG@10 and HR@10 when there; otherwise every metric the epoch has, in name order. */
  private static List<String> shownMetrics(Map<String, Double> validation) {
    List<String> shown = new ArrayList<>();
    for (String metric : SUMMARY_METRICS) {
      if (validation.containsKey(metric)) {
        shown.add(metric);
      }
    }
    if (shown.isEmpty()) {
      shown.addAll(validation.keySet());
      shown.sort(Comparator.naturalOrder());
    }
    return shown;
  }
}
