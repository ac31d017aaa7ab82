package dev.recsys.stream.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.recsys.model.sasrec.SasrecConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** The figures of one benchmark run, and how they are printed: tables for people, JSON for tools. */
final class BenchReport {
  record State(int users, double[] bytes, double[] lengths) {}

  static final class Throughput {
    final int batch;
    final double[] scored;
    final double[] endToEnd;
    final double[] checkpointBytesPerUser;
    long duplicates;

    Throughput(int batch, int runs) {
      this.batch = batch;
      this.scored = new double[runs];
      this.endToEnd = new double[runs];
      this.checkpointBytesPerUser = new double[runs];
    }

    double medianScored() {
      return Stats.median(scored);
    }
  }

  record Latency(int batch, double load, double targetRate, double achievedRate, double[] toSink, double[] visible,
      long duplicates) {}

  private final BenchData dataset;
  private final BenchModel model;
  private final int events;
  private final int runs;
  private final Duration checkpointInterval;
  private final String bootstrapServers;
  private final Instant date = Instant.now();
  int latencySeconds;
  State state;
  List<ComputeBound.Gemm> gemms = List.of();
  int[] replayLengths;
  final java.util.Map<Integer, Double> modelOnly = new java.util.LinkedHashMap<>();
  final List<Throughput> throughput = new ArrayList<>();
  final List<Latency> latency = new ArrayList<>();

  BenchReport(BenchData dataset, BenchModel model, int events, int runs, Duration checkpointInterval,
      String bootstrapServers) {
    this.dataset = dataset;
    this.model = model;
    this.events = events;
    this.runs = runs;
    this.checkpointInterval = checkpointInterval;
    this.bootstrapServers = bootstrapServers;
  }

  Throughput bestThroughput() {
    return throughput.stream().max(Comparator.comparingDouble(Throughput::medianScored)).orElseThrow();
  }

  private double peakGflops() {
    return gemms.stream().mapToDouble(ComputeBound.Gemm::gflops).max().orElse(Double.NaN);
  }

  /** The last GEMM measured is the job's own shape (see ComputeBound.measure). */
  private double shapedGflops() {
    return gemms.isEmpty() ? Double.NaN : gemms.get(gemms.size() - 1).gflops();
  }

  private double replayFlop() {
    return ComputeBound.meanFlop(model.config(), model.items(), replayLengths);
  }

  private double steadyLength() {
    double sum = 0;
    for (List<String> history : dataset.histories().values()) {
      sum += Math.min(history.size(), model.config().maxLen());
    }
    return sum / dataset.histories().size();
  }

  private double steadyFlop() {
    return ComputeBound.flopPerEvent(model.config(), model.items(), (int) Math.round(steadyLength()));
  }

  void printTables(PrintWriter out) {
    SasrecConfig c = model.config();
    out.printf(Locale.ROOT, "Streaming job benchmark, %s%n", date);
    out.printf(Locale.ROOT, "data %s (%,d users, %,d events); model: %s%n", dataset.file(), dataset.histories().size(),
        dataset.events().size(), model.describe());
    out.printf(Locale.ROOT, "broker %s; job: MiniCluster, parallelism 1, RocksDB, exactly-once, checkpoint every %s; "
        + "%d cores, max heap %d MiB%n", bootstrapServers, human(checkpointInterval),
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
    Arrays.stream(replayLengths).max().ifPresent(max -> out.printf(Locale.ROOT,
        "replay: first %,d events in file order (%d users), scored history length L mean %.1f, max %d%n", events,
        dataset.replay(events).stream().map(e -> e[0]).distinct().count(),
        Arrays.stream(replayLengths).average().orElse(0), max));
    if (state != null) {
      out.printf(Locale.ROOT, "%nState: history per user (HistoryCodec bytes, histories capped at maxLen %d), %,d users%n",
          c.maxLen(), state.users());
      out.printf(Locale.ROOT, "  items kept: mean %.1f%n", Arrays.stream(state.lengths()).average().orElse(0));
      out.printf(Locale.ROOT, "  bytes/user: mean %.1f, p50 %.0f, p99 %.0f, max %.0f; all users %.2f MB%n",
          Arrays.stream(state.bytes()).average().orElse(0), Stats.percentile(state.bytes(), 50),
          Stats.percentile(state.bytes(), 99), Stats.max(state.bytes()), Arrays.stream(state.bytes()).sum() / 1e6);
    }
    if (!throughput.isEmpty()) {
      double[] perUser = throughput.stream().flatMapToDouble(t -> Arrays.stream(t.checkpointBytesPerUser)).toArray();
      out.printf(Locale.ROOT, "  retained checkpoint after a throughput run / its users: median %.0f bytes (%.0f-%.0f); "
          + "RocksDB file overhead dominates at so few users%n", Stats.median(perUser), Stats.min(perUser),
          Stats.max(perUser));
    }
    if (!gemms.isEmpty()) {
      out.printf(Locale.ROOT, "%nCompute: ND4J GEMM, float32, median of 5%n");
      for (ComputeBound.Gemm g : gemms) {
        out.printf(Locale.ROOT, "  %-40s %8.1f GFLOP/s%n", g.shape(), g.gflops());
      }
      out.printf(Locale.ROOT, "  FLOP per event F(L) = (B-1)(10Ld^2 + 4L^2d) + 4Ld^2 + 6d^2 + 4Ld + 2d(N+1), "
          + "d=%d, B=%d, N+1=%d%n", c.hiddenSize(), c.blocks(), model.items() + 1);
      out.printf(Locale.ROOT, "  replayed events (mean of F over their L):      %6.2f MFLOP -> bound %,8.0f events/s%n",
          replayFlop() / 1e6, peakGflops() * 1e9 / replayFlop());
      out.printf(Locale.ROOT, "  steady state (L = mean history capped, %.1f):  %6.2f MFLOP -> bound %,8.0f events/s%n",
          steadyLength(), steadyFlop() / 1e6, peakGflops() * 1e9 / steadyFlop());
      out.printf(Locale.ROOT, "  at the SASRec-shaped GEMM rate (%.1f GFLOP/s): bound %,.0f events/s (replayed)%n",
          shapedGflops(), shapedGflops() * 1e9 / replayFlop());
      out.printf(Locale.ROOT, "  (bound = GEMM rate / F; batches are padded to their longest history, which F leaves "
          + "out)%n");
      if (!modelOnly.isEmpty()) {
        // Seen on this 2-core machine: OMP_NUM_THREADS=1 scored faster than ND4J's default 2 threads.
        out.printf(Locale.ROOT, "  (scoring alone runs on the bench's main thread with ND4J's OpenMP threads, OMP_NUM_THREADS=%s)%n",
            System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"));
      }
      modelOnly.forEach((batch, rate) -> out.printf(Locale.ROOT,
          "  scoring alone (recommendBatch on the same histories), batch %3d: %8.1f events/s = %.2f GFLOP/s%n",
          batch, rate, rate * replayFlop() / 1e9));
    }
    if (!throughput.isEmpty()) {
      out.printf(Locale.ROOT, "%nThroughput, events/s, median of %d runs (min-max); %,d events per run%n", runs, events);
      out.printf(Locale.ROOT, "  %5s  %-26s  %-26s  %8s  %14s%n", "batch", "scored (1st->last scoring)",
          "job start->last visible", "of bound", "of model alone");
      for (Throughput t : throughput) {
        out.printf(Locale.ROOT, "  %5d  %-26s  %-26s  %7.2f%%  %13.0f%%%s%n", t.batch, range(t.scored),
            range(t.endToEnd), gemms.isEmpty() ? Double.NaN : 100 * t.medianScored() * replayFlop() / (peakGflops() * 1e9),
            100 * t.medianScored() / modelOnly.getOrDefault(t.batch, Double.NaN),
            t.duplicates > 0 ? "  DUPLICATES: " + t.duplicates : "");
      }
    }
    if (!latency.isEmpty()) {
      out.printf(Locale.ROOT, "%nLatency, ms, batch %d, %d s of paced input per load (first %d s not counted)%n",
          latency.get(0).batch(), latencySeconds, 5);
      out.printf(Locale.ROOT, "  %5s  %9s  %9s  %7s  %14s  %14s%n", "load", "target/s", "achieved", "events",
          "to sink p50/p99", "visible p50/p99");
      for (Latency l : latency) {
        out.printf(Locale.ROOT, "  %4.0f%%  %9.1f  %9.1f  %7d  %6.0f / %-6.0f  %6.0f / %-6.0f%s%n", l.load() * 100,
            l.targetRate(), l.achievedRate(), l.toSink().length, Stats.percentile(l.toSink(), 50),
            Stats.percentile(l.toSink(), 99), Stats.percentile(l.visible(), 50), Stats.percentile(l.visible(), 99),
            l.duplicates() > 0 ? "  DUPLICATES: " + l.duplicates() : "");
      }
      out.printf(Locale.ROOT, "  (to sink: processedAt - event time; visible: read_committed receive time - event "
          + "time, floored by the %s checkpoint interval)%n", human(checkpointInterval));
    }
  }

  void printJson(PrintWriter out) throws IOException {
    JsonGenerator json = new JsonFactory().createGenerator(out).useDefaultPrettyPrinter();
    json.writeStartObject();
    json.writeStringField("date", date.toString());
    json.writeStringField("data", dataset.file().toString());
    json.writeStringField("model", model.describe());
    json.writeBooleanField("untrainedModel", model.generated());
    json.writeNumberField("cores", Runtime.getRuntime().availableProcessors());
    json.writeNumberField("checkpointIntervalMs", checkpointInterval.toMillis());
    json.writeNumberField("eventsPerRun", events);
    json.writeNumberField("replayMeanHistoryLength", Arrays.stream(replayLengths).average().orElse(0));
    if (state != null) {
      json.writeObjectFieldStart("state");
      json.writeNumberField("users", state.users());
      json.writeNumberField("meanItems", Arrays.stream(state.lengths()).average().orElse(0));
      json.writeNumberField("meanBytesPerUser", Arrays.stream(state.bytes()).average().orElse(0));
      json.writeNumberField("maxBytesPerUser", Stats.max(state.bytes()));
      json.writeEndObject();
    }
    if (!gemms.isEmpty()) {
      json.writeObjectFieldStart("compute");
      json.writeArrayFieldStart("gemm");
      for (ComputeBound.Gemm g : gemms) {
        json.writeStartObject();
        json.writeStringField("shape", g.shape());
        json.writeNumberField("gflops", g.gflops());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeNumberField("replayFlopPerEvent", replayFlop());
      json.writeNumberField("replayBoundEventsPerSecond", peakGflops() * 1e9 / replayFlop());
      json.writeNumberField("replayBoundAtShapedGemmEventsPerSecond", shapedGflops() * 1e9 / replayFlop());
      json.writeObjectFieldStart("modelAloneEventsPerSecond");
      for (var entry : modelOnly.entrySet()) {
        json.writeNumberField(Integer.toString(entry.getKey()), entry.getValue());
      }
      json.writeEndObject();
      json.writeNumberField("steadyStateHistoryLength", steadyLength());
      json.writeNumberField("steadyStateFlopPerEvent", steadyFlop());
      json.writeNumberField("steadyStateBoundEventsPerSecond", peakGflops() * 1e9 / steadyFlop());
      json.writeEndObject();
    }
    json.writeArrayFieldStart("throughput");
    for (Throughput t : throughput) {
      json.writeStartObject();
      json.writeNumberField("batch", t.batch);
      json.writeFieldName("scoredEventsPerSecond");
      json.writeArray(t.scored, 0, t.scored.length);
      json.writeFieldName("endToEndEventsPerSecond");
      json.writeArray(t.endToEnd, 0, t.endToEnd.length);
      json.writeFieldName("checkpointBytesPerUser");
      json.writeArray(t.checkpointBytesPerUser, 0, t.checkpointBytesPerUser.length);
      json.writeNumberField("duplicates", t.duplicates);
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeArrayFieldStart("latency");
    for (Latency l : latency) {
      json.writeStartObject();
      json.writeNumberField("batch", l.batch());
      json.writeNumberField("load", l.load());
      json.writeNumberField("targetRate", l.targetRate());
      json.writeNumberField("achievedRate", l.achievedRate());
      json.writeNumberField("events", l.toSink().length);
      json.writeNumberField("toSinkP50Ms", Stats.percentile(l.toSink(), 50));
      json.writeNumberField("toSinkP99Ms", Stats.percentile(l.toSink(), 99));
      json.writeNumberField("visibleP50Ms", Stats.percentile(l.visible(), 50));
      json.writeNumberField("visibleP99Ms", Stats.percentile(l.visible(), 99));
      json.writeNumberField("duplicates", l.duplicates());
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeEndObject();
    json.flush();
    out.println();
  }

  private static String range(double[] values) {
    return String.format(Locale.ROOT, "%.1f (%.1f-%.1f)", Stats.median(values), Stats.min(values), Stats.max(values));
  }

  private static String human(Duration duration) {
    return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
  }
}
