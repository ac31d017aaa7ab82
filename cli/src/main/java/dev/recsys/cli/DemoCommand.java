package dev.recsys.cli;

import dev.recsys.cli.demo.DemoStack;
import dev.recsys.cli.demo.LiveView;
import dev.recsys.cli.demo.SyntheticActions;
import dev.recsys.events.UserAction;
import dev.recsys.ingest.replay.ReplayDataset;
import dev.recsys.store.serve.ServeSettings;
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
  /** Generated data: the first model learns from this many events per user, sent before the job starts. */
  private static final int FIRST_MODEL_EVENTS_PER_USER = 8;
  private static final int SERIES = 12;
  private static final int ITEMS_PER_SERIES = 25;

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

  @Option(names = "--max-events", defaultValue = "20000", paramLabel = "N",
      description = "Read at most the first N events of --data. Default: ${DEFAULT-VALUE}.")
  int maxEvents;

  @Option(names = "--users", defaultValue = "200", paramLabel = "N",
      description = "Users in the generated data. Default: ${DEFAULT-VALUE}.")
  int users;

  @Option(names = "--rate", defaultValue = "40", paramLabel = "N",
      description = "Events per second in the live part. Default: ${DEFAULT-VALUE}.")
  double rate;

  @Option(names = "--port", defaultValue = "" + ServeSettings.DEFAULT_PORT, paramLabel = "PORT",
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
    if (users < 10) {
      throw new IllegalArgumentException("--users must be at least 10, got " + users);
    }
    if (!(rate > 0) || rate > 10_000) {
      throw new IllegalArgumentException("--rate must be in (0, 10000] events/s, got " + rate);
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
    int firstPart = data == null ? users * FIRST_MODEL_EVENTS_PER_USER : events.size() * 3 / 10;
    PrintStream out = System.out;
    out.printf(Locale.ROOT, "recsys demo: %,d events (%s), live for %ds at %.0f events/s; work directory %s%n",
        events.size(), data == null ? "generated, " + users + " users" : data.toString(), duration.toSeconds(), rate, dir);
    DemoStack stack = new DemoStack(dir, port, seed, out);
    // Resources close in reverse order: the stack (children included) before the hook lets the JVM exit on Ctrl-C.
    try (ShutdownHook hook = ShutdownHook.install("demo", STOP_GRACE_SECONDS, stack::requestStop); DemoStack running = stack) {
      return running.run(events, firstPart, rate, duration);
    }
  }

  private List<UserAction> events() throws java.io.IOException {
    if (data == null) {
      // Enough events to keep streaming for the whole live part and a while after, should the retrain run long.
      int liveEvents = (int) Math.ceil(rate * duration.toSeconds() * 2);
      int perUser = FIRST_MODEL_EVENTS_PER_USER + (liveEvents + users - 1) / users;
      return new SyntheticActions(users, perUser, SERIES, ITEMS_PER_SERIES, seed).generate();
    }
    ReplayDataset.Loaded loaded = ReplayDataset.load(data, ReplayDataset.Format.of(format, data),
        new ReplayDataset.Options(null, false));
    List<UserAction> all = loaded.events();
    return all.subList(0, Math.min(all.size(), maxEvents));
  }
}
