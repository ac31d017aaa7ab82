package dev.recsys.stream.bench;

import dev.recsys.events.dataset.DatasetFiles;
import dev.recsys.stream.history.HistoryCodec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.util.TimeUtils;
import org.apache.kafka.clients.producer.KafkaProducer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code recsys bench stream}: the streaming job's figures on this machine, against a running
 * broker. See the command's description for what each phase measures.
 */
@Command(name = "recsys bench stream", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Benchmarks the streaming job on a running broker, on fresh topics per run:",
        "  state       bytes per user of the history state (HistoryCodec, maxLen)",
        "  compute     ND4J GEMM GFLOP/s, FLOP per scored event -> a compute bound;",
        "              the scoring call alone (no Flink/Kafka) on the same histories",
        "  throughput  N events pre-loaded, then the job (MiniCluster, RocksDB,",
        "              exactly-once) runs until all N recommendations are visible",
        "              to a read_committed consumer; per batch size",
        "  latency     paced input at fractions of the best throughput: event ->",
        "              scored (to the sink), and event -> visible to read_committed",
        "              (which waits for the checkpoint)",
        "Events replay the dataset in file order: each user's timeline in time",
        "order, one user after another."},
    footer = {"", "Needs a broker, e.g. ./recsys kafka start --port 9092 --data-dir /tmp/bench-kafka &"})
public final class StreamBench implements Callable<Integer> {
  static final int EXIT_FAILURE = 1;
  /** The job's default list length (recsys.recommendations.k), which the bench does not change. */
  private static final int K = 10;
  private static final Duration STALL = Duration.ofSeconds(90);
  private static final Duration LATENCY_WARMUP = Duration.ofSeconds(5);

  @Option(names = "--data", defaultValue = "../shared/data/ml-1m.txt.gz", paramLabel = "FILE",
      description = "Dataset (SASRec format or any format InteractionReader reads). Default: ${DEFAULT-VALUE}.")
  Path data;

  @Option(names = "--model", paramLabel = "FILE",
      description = "Trained model artifact. Default: a freshly initialised PAPER_ML1M model over the dataset's items.")
  Path model;

  @Option(names = "--events", defaultValue = "4000", paramLabel = "N",
      description = "Events per throughput run. Default: ${DEFAULT-VALUE}.")
  int events;

  @Option(names = "--batch-sizes", defaultValue = "1,16,64,256", split = ",", paramLabel = "B",
      description = "Scoring batch sizes. Default: ${DEFAULT-VALUE}.")
  List<Integer> batchSizes;

  @Option(names = "--runs", defaultValue = "3", paramLabel = "R",
      description = "Throughput runs per batch size (median reported). Default: ${DEFAULT-VALUE}.")
  int runs;

  @Option(names = "--checkpoint-interval", defaultValue = "1s", paramLabel = "DURATION",
      description = "Checkpoint interval: exactly-once output becomes visible at each checkpoint. Default: ${DEFAULT-VALUE}.")
  String checkpointInterval;

  @Option(names = "--latency-loads", defaultValue = "0.25,0.5,0.9", split = ",", paramLabel = "F",
      description = "Latency runs at these fractions of the best throughput. Default: ${DEFAULT-VALUE}.")
  List<Double> latencyLoads;

  @Option(names = "--latency-seconds", defaultValue = "20", paramLabel = "S",
      description = "Seconds of paced input per latency run (the first 5 s are not counted). Default: ${DEFAULT-VALUE}.")
  int latencySeconds;

  @Option(names = "--max-rate", paramLabel = "EVENTS_PER_S",
      description = "The rate latency loads are fractions of, when the throughput phase is not run.")
  Double maxRate;

  @Option(names = "--phases", defaultValue = "state,compute,throughput,latency", split = ",", paramLabel = "PHASE",
      description = "Which phases to run. Default: ${DEFAULT-VALUE}.")
  List<String> phases;

  @Option(names = "--bootstrap-servers", defaultValue = "localhost:9092", paramLabel = "HOST:PORT[,...]",
      description = "Kafka bootstrap servers. Default: ${DEFAULT-VALUE}.")
  String bootstrapServers;

  @Option(names = "--property", paramLabel = "KEY=VALUE",
      description = "A Kafka client property for the job, the bench's producer, consumer and admin; repeatable.")
  Map<String, String> kafkaProperties = new LinkedHashMap<>();

  @Option(names = "--json", description = "Print the figures as one JSON object instead of the tables.")
  boolean json;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    return new CommandLine(new StreamBench()).setExecutionExceptionHandler((ex, commandLine, parsed) -> {
      PrintWriter err = commandLine.getErr();
      err.println("recsys bench stream: " + (ex.getMessage() != null ? ex.getMessage() : ex.toString()));
      if (!(ex instanceof IOException || ex instanceof IllegalArgumentException)) {
        ex.printStackTrace(err);
      }
      err.flush();
      return EXIT_FAILURE;
    });
  }

  @Override
  public Integer call() throws Exception {
    Duration interval = checkArguments();
    DatasetFiles.requireExists(data);
    progress("reading %s", data);
    BenchData dataset = BenchData.read(data);
    BenchModel served = model != null ? BenchModel.trained(model) : BenchModel.generated(dataset);
    BenchReport report = new BenchReport(dataset, served, events, runs, interval, bootstrapServers);
    report.latencySeconds = latencySeconds;
    if (phases.contains("state")) {
      report.state = measureState(dataset, served.config().maxLen());
    }
    if (phases.contains("compute")) {
      progress("GEMM");
      report.gemms = ComputeBound.measure(new int[] {512, 1024, 2048}, served.config(), 5);
    }
    List<String[]> replay = dataset.replay(events);
    if (phases.contains("compute")) {
      dev.recsys.model.SasrecModel scoring = dev.recsys.model.SasrecModel.load(served.file());
      for (int batch : batchSizes) {
        double rate = ComputeBound.modelOnly(scoring, replay, batch, K);
        report.modelOnly.put(batch, rate);
        progress("model alone, batch %d: %.1f events/s", batch, rate);
      }
    }
    report.replayLengths = BenchData.scoredLengths(replay, served.config().maxLen());
    Map<String, Object> clientSettings = new HashMap<>(kafkaProperties);
    clientSettings.put("bootstrap.servers", bootstrapServers);
    try (BenchKafka kafka = new BenchKafka(clientSettings)) {
      String stamp = "bench-stream-" + System.currentTimeMillis();
      if (phases.contains("throughput")) {
        for (int batch : batchSizes) {
          BenchReport.Throughput figures = new BenchReport.Throughput(batch, runs);
          for (int run = 0; run < runs; run++) {
            throughputRun(kafka, served, replay, batch, interval, stamp + "-b" + batch + "-r" + run, figures, run);
          }
          report.throughput.add(figures);
        }
      }
      if (phases.contains("latency")) {
        double max = maxRate != null ? maxRate : report.bestThroughput().medianScored();
        int batch = maxRate != null ? batchSizes.get(0) : report.bestThroughput().batch;
        for (double load : latencyLoads) {
          report.latency.add(latencyRun(kafka, served, dataset, batch, load, load * max, interval,
              stamp + "-lat" + Math.round(load * 100)));
        }
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      report.printJson(out);
    } else {
      report.printTables(out);
    }
    out.flush();
    return 0;
  }

  private Duration checkArguments() {
    Set<String> known = Set.of("state", "compute", "throughput", "latency");
    for (String phase : phases) {
      if (!known.contains(phase)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "unknown phase '" + phase + "'; phases are " + known);
      }
    }
    if (events < 1 || runs < 1 || latencySeconds <= 2 * LATENCY_WARMUP.toSeconds()
        || batchSizes.stream().anyMatch(b -> b < 1 || b > 4096)
        || latencyLoads.stream().anyMatch(f -> !(f > 0 && f <= 2))) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--events and --runs must be >= 1, --batch-sizes in "
          + "1..4096, --latency-loads in (0, 2], --latency-seconds > " + 2 * LATENCY_WARMUP.toSeconds());
    }
    if (phases.contains("latency") && !phases.contains("throughput") && maxRate == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--phases latency without throughput needs --max-rate");
    }
    if (maxRate != null && !(maxRate > 0)) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--max-rate must be > 0");
    }
    try {
      Duration interval = TimeUtils.parseDuration(checkpointInterval);
      if (interval.toMillis() < 10) {
        throw new IllegalArgumentException("must be at least 10 ms");
      }
      return interval;
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--checkpoint-interval: " + e.getMessage());
    }
  }

  private static BenchReport.State measureState(BenchData dataset, int maxLen) {
    List<List<String>> histories = new ArrayList<>(dataset.histories().values());
    double[] bytes = new double[histories.size()];
    double[] lengths = new double[histories.size()];
    for (int u = 0; u < bytes.length; u++) {
      List<String> items = histories.get(u);
      List<String> kept = items.subList(Math.max(0, items.size() - maxLen), items.size());
      bytes[u] = HistoryCodec.encode(kept).length;
      lengths[u] = kept.size();
    }
    return new BenchReport.State(bytes.length, bytes, lengths);
  }

  private void throughputRun(BenchKafka kafka, BenchModel served, List<String[]> replay, int batch, Duration interval,
      String runId, BenchReport.Throughput figures, int run) throws Exception {
    BenchKafka.RunTopics topics = kafka.createTopics(runId);
    try {
      kafka.preload(topics.input(), replay);
      try (BenchKafka.OutputReader reader = kafka.new OutputReader(topics.output());
          BenchJob job = BenchJob.start(served, topics, runId, batch, interval, bootstrapServers, kafkaProperties)) {
        List<BenchKafka.Seen> seen = awaitOutput(reader, job, replay.size());
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        long lastVisible = Long.MIN_VALUE;
        for (BenchKafka.Seen s : seen) {
          first = Math.min(first, s.recommendation().processedAt());
          last = Math.max(last, s.recommendation().processedAt());
          lastVisible = Math.max(lastVisible, s.receivedAt());
        }
        figures.scored[run] = replay.size() / Math.max(0.001, (last - first) / 1000.0);
        figures.endToEnd[run] = replay.size() / ((lastVisible - job.startedAt) / 1000.0);
        figures.duplicates += reader.duplicates();
        Set<String> users = new HashSet<>();
        replay.forEach(event -> users.add(event[0]));
        figures.checkpointBytesPerUser[run] = (double) job.checkpointBytes() / users.size();
        progress("throughput batch %d run %d/%d: %.1f events/s scored, %.1f events/s from job start to last visible"
            + " (%d events, %.1f s scoring)", batch, run + 1, runs, figures.scored[run], figures.endToEnd[run],
            replay.size(), (last - first) / 1000.0);
      }
    } finally {
      kafka.deleteTopics(topics);
    }
  }

  private BenchReport.Latency latencyRun(BenchKafka kafka, BenchModel served, BenchData dataset, int batch, double load,
      double rate, Duration interval, String runId) throws Exception {
    int count = (int) Math.ceil(rate * latencySeconds);
    List<String[]> replay = dataset.replay(count + 1);
    BenchKafka.RunTopics topics = kafka.createTopics(runId);
    try (BenchKafka.OutputReader reader = kafka.new OutputReader(topics.output());
        BenchJob job = BenchJob.start(served, topics, runId, batch, interval, bootstrapServers, kafkaProperties);
        KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
      AtomicReference<Exception> failure = new AtomicReference<>();
      // The paced input starts once a probe has come back: the job is running and has checkpointed.
      BenchKafka.send(producer, topics.input(), replay.get(0), failure);
      producer.flush();
      awaitOutput(reader, job, 1);
      long start = System.nanoTime();
      long startMillis = System.currentTimeMillis();
      for (int i = 1; i <= count; i++) {
        long due = start + (long) ((i - 1) * 1e9 / rate);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        BenchKafka.send(producer, topics.input(), replay.get(i), failure);
      }
      producer.flush();
      double achieved = count / ((System.nanoTime() - start) / 1e9);
      if (failure.get() != null) {
        throw new IOException("producing the paced input failed: " + failure.get().getMessage(), failure.get());
      }
      List<BenchKafka.Seen> seen = awaitOutput(reader, job, count + 1);
      long counted = startMillis + LATENCY_WARMUP.toMillis();
      List<double[]> pairs = new ArrayList<>();
      for (BenchKafka.Seen s : seen) {
        long eventTime = s.recommendation().eventTime();
        if (eventTime >= counted) {
          pairs.add(new double[] {s.recommendation().processedAt() - eventTime, s.receivedAt() - eventTime});
        }
      }
      double[] toSink = pairs.stream().mapToDouble(p -> p[0]).toArray();
      double[] visible = pairs.stream().mapToDouble(p -> p[1]).toArray();
      BenchReport.Latency figures = new BenchReport.Latency(batch, load, rate, achieved, toSink, visible,
          reader.duplicates());
      progress("latency at %.0f %% (%.1f events/s, achieved %.1f): to sink p50 %.0f ms p99 %.0f ms, visible p50 %.0f ms"
          + " p99 %.0f ms (%d events)", load * 100, rate, achieved, Stats.percentile(toSink, 50),
          Stats.percentile(toSink, 99), Stats.percentile(visible, 50), Stats.percentile(visible, 99), toSink.length);
      return figures;
    } finally {
      kafka.deleteTopics(topics);
    }
  }

  private static List<BenchKafka.Seen> awaitOutput(BenchKafka.OutputReader reader, BenchJob job, int count)
      throws Exception {
    try {
      return reader.await(count, STALL);
    } catch (IOException e) {
      throw new IOException(e.getMessage() + "; job " + job.status(), e);
    }
  }

  private static void progress(String format, Object... args) {
    System.err.printf(java.util.Locale.ROOT, "bench stream: " + format + "%n", args);
  }
}
