package dev.recsys.cli;

import dev.recsys.cli.demo.DemoStack;
import dev.recsys.cli.demo.LiveView;
import dev.recsys.cli.demo.SyntheticActions;
import dev.recsys.events.UserAction;
import dev.recsys.ingest.replay.ReplayDataset;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code recsys demo}: the whole loop on one machine with nothing installed. Everything it starts
 * is the real thing (broker, validator, Flink job, retraining, serving API); only the data is
 * generated, unless {@code --data} gives a file.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Runs the whole system locally and shows it working: a Kafka broker, the validator, the Flink job "
            + "(MiniCluster, RocksDB, exactly-once), the feature store's serving API; trains a first model from the "
            + "replayed topic, streams events and prints recommendations as they arrive, retrains from the topic and "
            + "shows the running job swap to the new model. Ctrl-C stops everything cleanly.",
        "Logs, models, plots and state go to the work directory, which it prints."})
final class DemoCommand implements Callable<Integer> {
  /** Stopping the job, the serving API, the validator and the broker, one after another. */
  private static final long STOP_GRACE_SECONDS = 90;

  @Option(names = "--duration", defaultValue = "2m", converter = DurationConverter.class, paramLabel = "DURATION",
      description = "How long the live part runs (events streaming in, the retrain and the swap), e.g. 90s. "
          + "Default: ${DEFAULT-VALUE}.")
  Duration duration;

  @Option(names = "--data", paramLabel = "FILE",
      description = "Interaction file to replay (MovieLens ratings.dat, SASRec .txt, CSV, JSONL) instead of "
          + "generated data.")
  Path data;

  @Option(names = "--format", defaultValue = "auto", paramLabel = "FORMAT",
      description = "Format of --data: auto (by file name), sasrec, movielens, csv or jsonl. Default: ${DEFAULT-VALUE}.")
  String format;

  @Option(names = "--max-events", defaultValue = "12000", paramLabel = "N",
      description = "Replay at most the first N events (of the file or the generated data). Default: ${DEFAULT-VALUE}.")
  int maxEvents;

  @Option(names = "--users", defaultValue = "300", paramLabel = "N",
      description = "Users in the generated data. Default: ${DEFAULT-VALUE}.")
  int users;

  @Option(names = "--port", defaultValue = "8080", paramLabel = "PORT",
      description = "Port of the serving API; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(names = "--work-dir", paramLabel = "DIR",
      description = "Where the broker data, state, models and logs go; must not exist yet or be empty. "
          + "Default: .recsys/demo/<date-time>.")
  Path workDir;

  @Option(names = "--seed", defaultValue = "42", description = "Seeds the generated data and training. "
      + "Default: ${DEFAULT-VALUE}.")
  long seed;

  @Override
  public Integer call() throws Exception {
    if (duration.compareTo(Duration.ofSeconds(20)) < 0) {
      throw new IllegalArgumentException("--duration must be at least 20s, got " + duration.toSeconds() + "s");
    }
    if (maxEvents < 100) {
      throw new IllegalArgumentException("--max-events must be at least 100, got " + maxEvents);
    }
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("--port must be 0..65535, got " + port);
    }
    Path dir = workDir != null ? workDir : Path.of(".recsys", "demo",
        LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)));
    dir = dir.toAbsolutePath().normalize();
    if (Files.isDirectory(dir)) {
      try (var entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          throw new IllegalArgumentException("--work-dir " + dir + " is not empty; give a new directory");
        }
      }
    }
    List<UserAction> events = events();
    PrintStream out = System.out;
    out.printf(Locale.ROOT, "recsys demo: %,d events (%s), live for %ds; work directory %s%n", events.size(),
        data == null ? "generated, " + users + " users" : data.toString(), duration.toSeconds(), dir);
    DemoStack stack = new DemoStack(dir, port, seed, out);
    // Resources close in reverse order: the stack (children included) before the hook lets the JVM exit on Ctrl-C.
    try (ShutdownHook hook = ShutdownHook.install("demo", STOP_GRACE_SECONDS, stack::requestStop); DemoStack running = stack) {
      return running.run(events, duration);
    }
  }

  private List<UserAction> events() throws java.io.IOException {
    if (data == null) {
      int perUser = Math.max(3, maxEvents / users);
      return new SyntheticActions(users, perUser, 12, 25, seed).generate();
    }
    ReplayDataset.Loaded loaded = ReplayDataset.load(data, ReplayDataset.Format.of(format, data),
        new ReplayDataset.Options(null, false));
    List<UserAction> all = loaded.events();
    return all.subList(0, Math.min(all.size(), maxEvents));
  }
}
