package dev.recsys.store.bench;

import dev.recsys.events.dataset.DatasetFormat;
import dev.recsys.events.dataset.InteractionReader;
import dev.recsys.store.kv.Batch;
import dev.recsys.store.kv.RocksDbStore;
import dev.recsys.store.sequence.SequenceStore;
import dev.recsys.store.sequence.UserHistory;
import dev.recsys.store.vocabulary.VocabularyStore;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * How fast a {@link SequenceStore} on RocksDB takes a dataset's events and gives them back, and how
 * small it keeps them. Each run appends every event (item ids through a {@link VocabularyStore}) to
 * a fresh store in batches, then flushes and compacts it and measures the bytes per event, a bulk
 * scan of every user's whole history, and point reads of one user's newest events.
 *
 * <p>The file is read into memory first, so parsing is not timed. A SASRec {@code .txt} has no
 * timestamps: its line number stands for the time (lines are in time order within a user).
 */
public final class SequenceStoreBench {
  /** Newest events per point read: the history length a model is typically given. */
  public static final int POINT_READ_EVENTS = 50;
  private static final int POINT_READS = 20_000;

  private SequenceStoreBench() {}

  /** What one run measured. */
  public record RunFigures(double appendEventsPerSecond, double bytesPerEvent, long directoryBytes,
      double scanEventsPerSecond, double scanUsersPerSecond, double pointReadsPerSecond) {}

  private record Events(String[] users, String[] items, long[] timestamps, int distinctUsers, int distinctItems) {
    int size() {
      return users.length;
    }
  }

  /**
   * Runs the benchmark and prints each run and the medians to {@code out}.
   *
   * @throws java.nio.file.NoSuchFileException saying where to download the data when it is missing
   */
  public static List<RunFigures> run(Path data, int runs, int batchSize, PrintStream out) throws IOException {
    if (runs < 1 || batchSize < 1) {
      throw new IllegalArgumentException("runs and batch size must be at least 1, got " + runs + " and " + batchSize);
    }
    Events events = load(data);
    out.printf(Locale.ROOT, "store: %,d events, %,d users, %,d items from %s%s; batches of %,d; %d runs; %d cores, "
            + "max heap %d MiB%n", events.size(), events.distinctUsers(), events.distinctItems(), data,
        DatasetFormat.detect(data) == DatasetFormat.SASREC_TXT ? " (line number as timestamp)" : "", batchSize, runs,
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
    out.printf(Locale.ROOT, "%-6s %14s %12s %12s %14s %14s %16s%n", "run", "append ev/s", "bytes/event",
        "dir MiB", "scan ev/s", "scan users/s", "last(" + POINT_READ_EVENTS + ") reads/s");
    List<RunFigures> all = new ArrayList<>();
    for (int run = 1; run <= runs; run++) {
      RunFigures figures = measure(events, batchSize);
      all.add(figures);
      print(out, Integer.toString(run), figures);
    }
    print(out, "median", new RunFigures(median(all, RunFigures::appendEventsPerSecond),
        median(all, RunFigures::bytesPerEvent), (long) median(all, RunFigures::directoryBytes),
        median(all, RunFigures::scanEventsPerSecond), median(all, RunFigures::scanUsersPerSecond),
        median(all, RunFigures::pointReadsPerSecond)));
    return all;
  }

  private static RunFigures measure(Events events, int batchSize) throws IOException {
    Path dir = Files.createTempDirectory("recsys-bench-store");
    try (RocksDbStore kv = RocksDbStore.open("bench", dir)) {
      VocabularyStore vocabulary = new VocabularyStore(kv);
      SequenceStore sequences = new SequenceStore(kv);
      long start = System.nanoTime();
      for (int from = 0; from < events.size(); from += batchSize) {
        Batch batch = new Batch();
        for (int i = from; i < Math.min(events.size(), from + batchSize); i++) {
          sequences.append(batch, events.users()[i], events.timestamps()[i], vocabulary.getOrAdd(batch, events.items()[i]));
        }
        kv.write(batch);
      }
      double appendSeconds = seconds(start);
      kv.compact();
      if (sequences.events() != events.size()) {
        throw new IllegalStateException("stored " + sequences.events() + " events, appended " + events.size());
      }
      double bytesPerEvent = (double) sequences.approximateBytes() / events.size();

      long[] scanned = new long[2];
      start = System.nanoTime();
      sequences.forEachUser(Integer.MAX_VALUE, history -> {
        scanned[0] += history.size();
        scanned[1]++;
      });
      double scanSeconds = seconds(start);
      if (scanned[0] != events.size() || scanned[1] != events.distinctUsers()) {
        throw new IllegalStateException("scan saw " + scanned[0] + " events of " + scanned[1] + " users");
      }

      String[] users = new LinkedHashSet<>(Arrays.asList(events.users())).toArray(String[]::new);
      Random random = new Random(42);
      long readEvents = 0;
      start = System.nanoTime();
      for (int i = 0; i < POINT_READS; i++) {
        UserHistory history = sequences.last(users[random.nextInt(users.length)], POINT_READ_EVENTS);
        readEvents += history.size();
      }
      double readSeconds = seconds(start);
      if (readEvents == 0) {
        throw new IllegalStateException("point reads found no events");
      }
      return new RunFigures(events.size() / appendSeconds, bytesPerEvent, directoryBytes(dir),
          scanned[0] / scanSeconds, scanned[1] / scanSeconds, POINT_READS / readSeconds);
    } finally {
      deleteRecursively(dir);
    }
  }

  private static Events load(Path data) throws IOException {
    boolean lineTime = DatasetFormat.detect(data) == DatasetFormat.SASREC_TXT;
    List<String> users = new ArrayList<>();
    List<String> items = new ArrayList<>();
    List<Long> timestamps = new ArrayList<>();
    // One String per distinct id, so a million events do not hold two million copies.
    Map<String, String> userIds = new HashMap<>();
    Map<String, String> itemIds = new HashMap<>();
    InteractionReader.read(data, false, interaction -> {
      users.add(userIds.computeIfAbsent(interaction.userId(), id -> id));
      items.add(itemIds.computeIfAbsent(interaction.itemId(), id -> id));
      timestamps.add(lineTime ? timestamps.size() : interaction.timestamp());
    });
    if (users.isEmpty()) {
      throw new IllegalArgumentException(data + " has no events");
    }
    return new Events(users.toArray(String[]::new), items.toArray(String[]::new),
        timestamps.stream().mapToLong(Long::longValue).toArray(), userIds.size(), itemIds.size());
  }

  private static void print(PrintStream out, String label, RunFigures figures) {
    out.printf(Locale.ROOT, "%-6s %,14.0f %12.2f %12.1f %,14.0f %,14.0f %,16.0f%n", label,
        figures.appendEventsPerSecond(), figures.bytesPerEvent(), figures.directoryBytes() / (1024.0 * 1024.0),
        figures.scanEventsPerSecond(), figures.scanUsersPerSecond(), figures.pointReadsPerSecond());
  }

  private static double median(List<RunFigures> runs, ToDoubleFunction<RunFigures> figure) {
    double[] values = runs.stream().mapToDouble(figure).sorted().toArray();
    int middle = values.length / 2;
    return values.length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static long directoryBytes(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(file -> {
        try {
          return Files.size(file);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).sum();
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }
}
