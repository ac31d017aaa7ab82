package dev.recsys.cli;

import dev.recsys.events.Topics;
import dev.recsys.ingest.validate.ValidationCounts;
import dev.recsys.ingest.validate.ValidatorConfig;
import dev.recsys.ingest.validate.ValidatorService;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "validate", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Runs the validator (Kafka Streams, exactly once): every record of the raw topic goes",
        "either to the clean topic as canonical JSON keyed by user, or to the dead-letter topic with",
        "its original bytes and recsys.dlq.* headers (reason, detail, source topic/partition/offset).",
        "Runs until Ctrl-C, or with --until-caught-up until it has processed what the raw topic held",
        "at start. Counts go to stderr every --stats-interval; the final counts to stdout.",
        "Any Kafka Streams setting can be passed with --property (e.g. num.standby.replicas=1)."})
final class ValidateCommand implements Callable<Integer> {
  @Option(names = "--input-topic", defaultValue = Topics.RAW, description = "Default: ${DEFAULT-VALUE}.")
  String inputTopic;

  @Option(names = "--output-topic", defaultValue = Topics.VALID, description = "Default: ${DEFAULT-VALUE}.")
  String outputTopic;

  @Option(names = "--dlq-topic", defaultValue = Topics.DEAD_LETTER, description = "Default: ${DEFAULT-VALUE}.")
  String deadLetterTopic;

  @Option(names = "--dedup-window", defaultValue = "0s", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Refuse (reason duplicate-event) a user's eventId seen again within this window of record "
          + "time, e.g. 10m; 0s turns de-duplication off. Default: ${DEFAULT-VALUE}.")
  Duration dedupWindow;

  @Option(names = "--action-alias", paramLabel = "FROM=TO",
      description = "Map a producer's action name to a standard one (repeatable), e.g. addToCart=add-to-cart.")
  List<String> actionAliases = List.of();

  @Option(names = "--accept-unknown-actions",
      description = "Pass action types that are neither standard nor aliased instead of refusing them.")
  boolean acceptUnknownActions;

  @Option(names = "--application-id", defaultValue = "recsys-validator",
      description = "Kafka Streams application id (its consumer group and transactional ids). Default: ${DEFAULT-VALUE}.")
  String applicationId;

  @Option(names = "--state-dir", defaultValue = ".recsys/validator", paramLabel = "DIR",
      description = "Kafka Streams state directory (the de-duplication store). Default: ${DEFAULT-VALUE}.")
  Path stateDir;

  @Option(names = "--threads", defaultValue = "1", description = "Stream threads. Default: ${DEFAULT-VALUE}.")
  int threads;

  @Option(names = "--until-caught-up",
      description = "Stop once everything the input topic held at start is processed and committed.")
  boolean untilCaughtUp;

  @Option(names = "--stats-interval", defaultValue = "10s", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "How often to print counts to stderr. Default: ${DEFAULT-VALUE}.")
  Duration statsInterval;

  @Mixin KafkaClientOptions kafka;

  @Override
  public Integer call() throws Exception {
    if (threads < 1) {
      throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
    }
    Map<String, Object> settings = kafka.clientSettings();
    settings.putIfAbsent(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    settings.putIfAbsent(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
    settings.putIfAbsent(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
    settings.put(ValidatorConfig.INPUT_TOPIC, inputTopic);
    settings.put(ValidatorConfig.OUTPUT_TOPIC, outputTopic);
    settings.put(ValidatorConfig.DEAD_LETTER_TOPIC, deadLetterTopic);
    settings.put(ValidatorConfig.DEDUP_WINDOW_MS, dedupWindow.toMillis());
    settings.put(ValidatorConfig.ACTION_ALIASES, String.join(",", actionAliases));
    settings.put(ValidatorConfig.ACCEPT_UNKNOWN_ACTIONS, acceptUnknownActions);

    try {
      new ValidatorConfig(settings); // bad settings are reported before anything talks to Kafka
    } catch (ConfigException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    kafka.requireTopics(List.of(inputTopic, outputTopic, deadLetterTopic));
    ValidatorService validator = new ValidatorService(settings, Clock.systemUTC());
    CountDownLatch stopRequested = new CountDownLatch(1);
    long started = System.nanoTime();
    // Ctrl-C: stop (closing commits what was processed), then print the final counts before the JVM exits.
    try (ShutdownHook hook = ShutdownHook.install("validate", () -> {
      stopRequested.countDown();
      validator.close();
    })) {
      validator.start();
      System.err.printf("validating %s -> %s | %s at %s (application id %s)%n", inputTopic, outputTopic,
          deadLetterTopic, kafka.bootstrapServers(), settings.get(StreamsConfig.APPLICATION_ID_CONFIG));
      boolean caughtUp = false;
      if (untilCaughtUp) {
        caughtUp = waitUntilCaughtUp(validator);
      } else {
        runUntilStopped(validator, stopRequested);
      }
      validator.close();
      ValidationCounts counts = validator.counts();
      double seconds = (System.nanoTime() - started) / 1e9;
      System.out.printf("%s in %.1f s (%,.0f records/s)%n", counts, seconds,
          (counts.valid() + counts.rejectedTotal()) / Math.max(seconds, 1e-9));
      if (validator.failure() != null) {
        throw new IOException("the validator stopped: " + validator.failure().getMessage(), validator.failure());
      }
      if (untilCaughtUp && !caughtUp && stopRequested.getCount() > 0) {
        throw new IOException("the validator stopped before catching up (state " + validator.state() + ")");
      }
      return 0;
    }
  }

  private boolean waitUntilCaughtUp(ValidatorService validator) throws Exception {
    Thread reporter = reporter(validator);
    try {
      return validator.awaitCaughtUp(Duration.ofDays(365));
    } finally {
      reporter.interrupt();
    }
  }

  /** Prints counts until Ctrl-C or until the validator stops by itself (an error). */
  private void runUntilStopped(ValidatorService validator, CountDownLatch stopRequested) throws InterruptedException {
    while (!stopRequested.await(statsInterval.toMillis(), TimeUnit.MILLISECONDS)) {
      KafkaStreams.State state = validator.state();
      if (!state.isRunningOrRebalancing() && state != KafkaStreams.State.CREATED) {
        return;
      }
      System.err.println(validator.counts());
    }
  }

  private Thread reporter(ValidatorService validator) {
    Thread reporter = new Thread(() -> {
      try {
        while (true) {
          TimeUnit.MILLISECONDS.sleep(statsInterval.toMillis());
          System.err.println(validator.counts());
        }
      } catch (InterruptedException e) {
        // Interrupted when the validator caught up: the final counts are printed by the caller.
        Thread.currentThread().interrupt();
      }
    }, "validate-stats");
    reporter.setDaemon(true);
    reporter.start();
    return reporter;
  }
}
