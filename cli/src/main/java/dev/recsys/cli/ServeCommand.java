package dev.recsys.cli;

import dev.recsys.store.serve.FeatureStoreServer;
import dev.recsys.store.serve.ServeSettings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Runs the live feature store: fills one RocksDB store from the validated user",
        "actions (sequences, item vocabulary), the recommendations and the model",
        "announcements, and answers read-only HTTP from it:",
        "  GET /users/{id}/recommendations          the user's latest recommendations",
        "  GET /users/{id}/history?limit=N&before=MS the user's items, oldest first",
        "  GET /models/current                      the latest model announcement",
        "  GET /healthz                             200, or 503 naming a feed not running",
        "  GET /metrics                             Prometheus text format",
        "Prints the URL it listens on, then runs until Ctrl-C or SIGTERM (exit 0).",
        "A restart resumes every feed where the store says."})
final class ServeCommand implements Callable<Integer> {
  @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + ServeSettings.DEFAULT_PORT,
      description = "HTTP port; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(names = "--host", paramLabel = "HOST", defaultValue = ServeSettings.DEFAULT_HOST,
      description = "Address to listen on (0.0.0.0: every interface). Default: ${DEFAULT-VALUE}.")
  String host;

  @Option(names = "--store", defaultValue = ServeSettings.DEFAULT_STORE_DIR, paramLabel = "DIR",
      description = "The RocksDB store directory (created if missing). Default: ${DEFAULT-VALUE}.")
  Path storeDir;

  @Option(names = "--user-actions-topic", paramLabel = "TOPIC", defaultValue = dev.recsys.events.Topics.VALID,
      description = "Validated user actions. Default: ${DEFAULT-VALUE}.")
  String userActionsTopic;

  @Option(names = "--recommendations-topic", paramLabel = "TOPIC", defaultValue = dev.recsys.events.Topics.RECOMMENDATIONS,
      description = "Default: ${DEFAULT-VALUE}.")
  String recommendationsTopic;

  @Option(names = "--model-updates-topic", paramLabel = "TOPIC", defaultValue = dev.recsys.events.Topics.MODEL_UPDATES,
      description = "Default: ${DEFAULT-VALUE}.")
  String modelUpdatesTopic;

  @Option(names = "--history-limit", paramLabel = "N", defaultValue = "" + ServeSettings.DEFAULT_HISTORY,
      description = "Events /history returns without ?limit. Default: ${DEFAULT-VALUE}.")
  int historyDefault;

  @Option(names = "--history-max", paramLabel = "N", defaultValue = "" + ServeSettings.DEFAULT_HISTORY_MAX,
      description = "The largest ?limit accepted. Default: ${DEFAULT-VALUE}.")
  int historyMax;

  @Option(names = "--max-request-header-bytes", paramLabel = "BYTES", defaultValue = "" + ServeSettings.DEFAULT_MAX_REQUEST_HEADER_BYTES,
      description = "Request line and headers together; larger requests get 431. Default: ${DEFAULT-VALUE}.")
  int maxRequestHeaderBytes;

  @Option(names = "--idle-timeout", defaultValue = "30s", converter = DurationConverter.class, paramLabel = "DURATION",
      description = "How long an idle connection stays open. Default: ${DEFAULT-VALUE}.")
  Duration idleTimeout;

  @Option(names = "--max-threads", paramLabel = "N", defaultValue = "" + ServeSettings.DEFAULT_MAX_THREADS,
      description = "HTTP thread pool bound (at least " + ServeSettings.MIN_THREADS + "). Default: ${DEFAULT-VALUE}.")
  int maxThreads;

  @Mixin KafkaClientOptions kafka;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    ServeSettings settings;
    try {
      settings = ServeSettings.builder().host(host).port(port).storeDir(storeDir).kafka(kafka.clientSettings())
          .userActionsTopic(userActionsTopic).recommendationsTopic(recommendationsTopic)
          .modelUpdatesTopic(modelUpdatesTopic).historyMax(historyMax).historyDefault(historyDefault)
          .maxRequestHeaderBytes(maxRequestHeaderBytes).idleTimeout(idleTimeout).maxThreads(maxThreads).build();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    kafka.requireTopics(List.of(userActionsTopic, recommendationsTopic, modelUpdatesTopic));
    PrintStream out = System.out;
    CountDownLatch stopRequested = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    AtomicInteger exitStatus = new AtomicInteger(RecsysCli.EXIT_FAILURE);
    Thread onSignal = new Thread(() -> {
      stopRequested.countDown();
      try {
        stopped.await(ShutdownHook.GRACE_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      // SIGTERM is how this command is meant to end: once it has stopped cleanly it exits 0, as a
      // service should, rather than the JVM's 143 for "killed by a signal".
      out.flush();
      System.err.flush();
      Runtime.getRuntime().halt(exitStatus.get());
    }, "serve-shutdown");
    FeatureStoreServer server = FeatureStoreServer.start(settings);
    Runtime.getRuntime().addShutdownHook(onSignal);
    try (server) {
      out.println("recsys serve listening on " + server.baseUri() + " (store " + storeDir.toAbsolutePath().normalize()
          + "); Ctrl-C to stop");
      out.flush();
      stopRequested.await();
    } catch (RuntimeException | Error e) {
      // The shutdown hook ends the JVM as soon as this method is done, before picocli could print it.
      System.err.println("recsys: stopping failed: " + RecsysCli.userMessage(e));
      stopped.countDown();
      throw e;
    }
    out.println("recsys serve stopped");
    exitStatus.set(0);
    stopped.countDown();
    return 0;
  }
}
