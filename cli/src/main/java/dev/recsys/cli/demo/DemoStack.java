package dev.recsys.cli.demo;

import dev.recsys.events.Topics;
import dev.recsys.events.UserAction;
import dev.recsys.ingest.broker.BrokerSettings;
import dev.recsys.ingest.broker.LocalKafkaBroker;
import dev.recsys.ingest.replay.ReplayProducer;
import dev.recsys.ingest.replay.ReplaySummary;
import dev.recsys.ingest.topics.TopicAdmin;
import dev.recsys.ingest.validate.ValidatorConfig;
import dev.recsys.ingest.validate.ValidatorService;
import dev.recsys.store.serve.FeatureStoreServer;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Starts the demo's services one after another, runs the story (first model, live stream, retrain,
 * swap) and closes everything it started, newest first, however it ends: at the end of the live
 * part, on an error, or on Ctrl-C ({@link #requestStop}).
 */
public final class DemoStack implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration SWAP_TIMEOUT = Duration.ofMinutes(2);
  /** The retrain starts once this share of the live part has passed. */
  private static final double RETRAIN_AT = 0.25;
  /** How long the demo keeps streaming after the new model is seen, however long the retrain took. */
  private static final Duration AFTER_SWAP = Duration.ofSeconds(10);

  private final Path dir;
  private final Path logs;
  private final int port;
  private final long seed;
  private final PrintStream out;
  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private volatile boolean stopRequested;
  private volatile ReplayProducer liveProducer;
  private volatile StreamJobProcess job;
  private volatile Thread runner;

  public DemoStack(Path dir, int port, long seed, PrintStream out) throws IOException {
    this.dir = dir;
    this.logs = Files.createDirectories(dir.resolve("logs"));
    this.port = port;
    this.seed = seed;
    this.out = out;
  }

  /**
   * Ctrl-C: stop sending and waiting; {@link #run} returns and the caller closes the stack. The job's
   * JVM is signalled at once: training does not heed interrupts, so if the signal comes during a
   * retrain the JVM may halt before {@link #close} runs, and the job must not outlive it (the broker
   * watches its parent and stops by itself).
   */
  public void requestStop() {
    stopRequested = true;
    ReplayProducer producer = liveProducer;
    if (producer != null) {
      producer.cancel();
    }
    StreamJobProcess running = job;
    if (running != null) {
      running.signalStop();
    }
    Thread thread = runner;
    if (thread != null) {
      thread.interrupt();
    }
  }

  /** Runs the whole demo; returns the exit status (0 when every step happened). */
  /**
   * @param events the whole dataset in the order it is sent
   * @param firstPart how many of them are sent before the job starts, for the first model
   * @param rate events per second in the live part
   * @param liveFor how long the live part streams (longer if the retrained model has not been seen yet)
   */
  public int run(List<UserAction> events, int firstPart, double rate, Duration liveFor) throws Exception {
    runner = Thread.currentThread();
    try {
      return story(events, firstPart, rate, liveFor);
    } catch (Exception e) {
      // Interrupted anywhere (a sleep, a Kafka call, a file channel): whatever it threw, it is the stop.
      if (!stopRequested) {
        throw e;
      }
      out.println("stopping (Ctrl-C)...");
      return 130;
    } finally {
      runner = null;
    }
  }

  private int story(List<UserAction> events, int firstPart, double rate, Duration liveFor) throws Exception {
    LocalKafkaBroker broker = LocalKafkaBroker.start(BrokerSettings.builder(dir.resolve("kafka"))
        .port(freePort()).controllerPort(freePort()).logFile(logs.resolve("kafka.log")).build());
    started.push(broker);
    String bootstrap = broker.bootstrapServers();
    Map<String, Object> kafka = Map.of("bootstrap.servers", bootstrap);
    step("Kafka broker (KRaft) at %s", bootstrap);

    try (Admin admin = Admin.create(new HashMap<>(kafka))) {
      new TopicAdmin(admin, Duration.ofSeconds(30)).ensure(Topics.ALL, new TopicAdmin.Request(3, (short) 1, null));
    }
    step("topics %s", String.join(", ", Topics.names()));

    ValidatorService validator = new ValidatorService(validatorSettings(bootstrap), Clock.systemUTC());
    started.push(validator);
    validator.start();
    step("validator: %s -> %s | %s", Topics.RAW, Topics.VALID, Topics.DEAD_LETTER);

    FeatureStoreServer server = DemoServices.startServingApi(dir.resolve("serving"), port, bootstrap);
    started.push(server);
    URI api = server.baseUri();
    step("serving API at %s", api);

    ReplaySummary initial = new ReplayProducer(kafka).replay(events.subList(0, firstPart), Topics.RAW, 0, sent -> {});
    checkSent(initial, firstPart);
    if (!validator.awaitCaughtUp(START_TIMEOUT)) {
      throw new IllegalStateException("the validator did not catch up with the first events: " + validator.state());
    }
    step("replayed the first %,d events (%s)", firstPart, validator.counts());

    DemoServices.Retrained v1 = DemoServices.retrain(dir.resolve("retrain"), bootstrap, "v1", 8, seed, out);
    step("first model v1 trained from %s: %s", Topics.VALID, v1.summary());

    job = StreamJobProcess.start(List.of("--model", v1.artifact().toString(), "--model-version", "v1",
        "--bootstrap-servers", bootstrap, "--checkpoint-dir", dir.resolve("checkpoints").toString(),
        "--checkpoint-interval", "2s", "--batch-timeout-ms", "20"), logs.resolve("stream.log"));
    started.push(job);
    LiveView live = new LiveView(kafka, Topics.RECOMMENDATIONS, out, 4);
    started.push(live);
    step("Flink job starting (MiniCluster, RocksDB state, exactly-once to %s); log %s", Topics.RECOMMENDATIONS,
        job.log());
    if (!awaitServing(live, job, "v1")) {
      return 1;
    }

    List<UserAction> rest = events.subList(firstPart, events.size());
    AtomicLong sent = new AtomicLong();
    liveProducer = new ReplayProducer(kafka);
    long liveStart = System.nanoTime();
    step("streaming events at %.0f/s for %ds (%,d available)", rate, liveFor.toSeconds(), rest.size());
    CompletableFuture<ReplaySummary> streaming = CompletableFuture.supplyAsync(
        () -> liveProducer.replay(rest, Topics.RAW, rate, sent::set));
    DemoServices.Retrained v2;
    boolean swapped = false;
    try {
      sleepUntil(liveStart + (long) (liveFor.toNanos() * RETRAIN_AT), streaming);
      step("retraining from %s while the job keeps serving...", Topics.VALID);
      v2 = DemoServices.retrain(dir.resolve("retrain"), bootstrap, "v2", 8, seed, out);
      step("v2: %s", v2.summary());
      long deadline = liveStart + liveFor.toNanos();
      if (v2.published()) {
        long announced = System.nanoTime();
        swapped = live.awaitVersion("v2", SWAP_TIMEOUT);
        if (swapped) {
          step("model swap: the running job serves v2, %.1f s after the announcement, without a restart",
              (System.nanoTime() - announced) / 1e9);
          deadline = Math.max(deadline, System.nanoTime() + AFTER_SWAP.toNanos());
        } else {
          step("model swap: v2 was announced but not seen within %ds; see %s", SWAP_TIMEOUT.toSeconds(), job.log());
        }
      }
      sleepUntil(deadline, streaming);
    } finally {
      // However the live part ends (an error included), the producer stops before the broker does.
      liveProducer.cancel();
    }
    ReplaySummary live1 = streaming.get();
    Thread.sleep(3_000); // one more checkpoint, so the last recommendations become visible
    printSummary(live, validator, live1, api, v1, v2);
    return (v2.published() && !swapped) || !job.isAlive() ? 1 : 0;
  }

  private static void sleepUntil(long nanoTime, CompletableFuture<?> unlessDone) throws InterruptedException {
    while (System.nanoTime() < nanoTime && !unlessDone.isDone()) {
      Thread.sleep(200);
    }
  }

  private boolean awaitServing(LiveView live, StreamJobProcess job, String version) throws InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (live.awaitVersion(version, Duration.ofSeconds(1))) {
        return true;
      }
      if (!job.isAlive()) {
        step("the Flink job exited (status %d); see %s", job.exitStatusOrRunning(), job.log());
        return false;
      }
    }
    step("no recommendation from the job within %ds; see %s", START_TIMEOUT.toSeconds(), job.log());
    return false;
  }

  private void printSummary(LiveView live, ValidatorService validator, ReplaySummary streamed, URI api,
      DemoServices.Retrained v1, DemoServices.Retrained v2) throws IOException, InterruptedException {
    out.println();
    out.println("summary");
    out.printf(Locale.ROOT, "  events streamed live: %,d; validator: %s%n", streamed.sent(), validator.counts());
    out.printf(Locale.ROOT, "  recommendations read (read_committed): %,d %s, %d unreadable; median %d ms from scoring "
        + "to visible%n", live.total(), live.countsPerVersion(), live.malformed(), live.medianVisibleAfterMillis());
    out.printf("  models: %s, %s%n", v1.artifact(), v2.artifact());
    out.printf("  training curves: %s, %s%n", v1.curve(), v2.curve());
    out.printf("  logs: %s (kafka.log, stream.log), Flink checkpoints %s%n", logs, dir.resolve("checkpoints"));
    out.printf("  API: %s (GET /users/{id}/recommendations, /users/{id}/history, /models/current, /healthz, /metrics)%n",
        api);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    for (String path : List.of("/models/current", "/users/u1/recommendations")) {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(api.resolve(path))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
      out.printf("  GET %s -> %d %s%n", path, response.statusCode(), abbreviate(response.body(), 300));
    }
  }

  private Map<String, Object> validatorSettings(String bootstrap) {
    Map<String, Object> settings = new HashMap<>();
    settings.put("bootstrap.servers", bootstrap);
    settings.put(StreamsConfig.APPLICATION_ID_CONFIG, "recsys-demo-validator");
    settings.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("validator-state").toString());
    settings.put(ValidatorConfig.INPUT_TOPIC, Topics.RAW);
    settings.put(ValidatorConfig.OUTPUT_TOPIC, Topics.VALID);
    settings.put(ValidatorConfig.DEAD_LETTER_TOPIC, Topics.DEAD_LETTER);
    return settings;
  }

  private void checkSent(ReplaySummary summary, long expected) throws IOException {
    if (summary.failed() > 0 || summary.sent() != expected) {
      throw new IOException("replaying the first events failed after " + summary.sent() + " of " + expected + ": "
          + summary.firstError());
    }
  }

  private void step(String format, Object... args) {
    out.printf(Locale.ROOT, "== " + format + "%n", args);
  }

  private static String abbreviate(String text, int max) {
    String oneLine = text.replaceAll("\\s+", " ").trim();
    return oneLine.length() <= max ? oneLine : oneLine.substring(0, max) + "...";
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Closes what was started, newest first; every close is attempted and the first failure is thrown. */
  @Override
  public void close() throws Exception {
    Exception first = null;
    while (!started.isEmpty()) {
      try {
        started.pop().close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
