package dev.recsys.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/** What every {@code recsys bench} command does with its runs: take medians, remove its scratch files. */
final class BenchRuns {
  private BenchRuns() {}

  /** The middle value; for an even count the mean of the two middle ones. */
  static double median(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  static <T> double median(List<T> runs, ToDoubleFunction<T> figure) {
    return median(runs.stream().mapToDouble(figure).toArray());
  }

  /** Deletes a scratch directory and everything in it (deepest first). */
  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
