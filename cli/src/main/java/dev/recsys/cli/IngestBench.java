package dev.recsys.cli;

import dev.recsys.ingest.replay.ReplayDataset;
import dev.recsys.ingest.replay.ReplayProducer;
import dev.recsys.ingest.replay.ReplaySummary;
import dev.recsys.ingest.topics.TopicAdmin;
import dev.recsys.ingest.validate.ValidationCounts;
import dev.recsys.ingest.validate.ValidatorConfig;
import dev.recsys.ingest.validate.ValidatorService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "ingest", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Ingest throughput against a running broker, each run on fresh topics (deleted after):",
        "  produce   - the replay producer loading the dataset into a raw topic (events/s acknowledged)",
        "  validate  - the validator from start until it has committed the whole raw topic",
        "              (events/s end to end, raw -> clean, Kafka Streams start-up included)",
        "Prints each run and the medians."})
final class IngestBench implements Callable<Integer> {
  @Option(names = "--data", required = true, paramLabel = "FILE",
      description = "Dataset to replay (any format `recsys produce` reads), e.g. ../shared/data/ml-1m.txt.gz.")
  Path data;

  @Option(names = "--runs", defaultValue = "3", description = "Runs (median reported). Default: ${DEFAULT-VALUE}.")
  int runs;

  @Option(names = "--warmup", defaultValue = "1", description = "Runs first, not counted: the broker's and this "
      + "JVM's JIT warm up. Default: ${DEFAULT-VALUE}.")
  int warmup;

  @Option(names = "--partitions", defaultValue = "6", description = "Partitions of the bench topics. Default: ${DEFAULT-VALUE}.")
  int partitions;

  @Mixin KafkaClientOptions kafka;

  @Override
  public Integer call() throws Exception {
    if (runs < 1 || partitions < 1 || warmup < 0) {
      throw new IllegalArgumentException("--runs and --partitions must be at least 1, --warmup at least 0");
    }
    ReplayDataset.Loaded loaded = ReplayDataset.load(data, ReplayDataset.Format.of("auto", data),
        new ReplayDataset.Options(null, false));
    int events = loaded.events().size();
    Map<String, Object> settings = kafka.clientSettings();
    System.out.printf(Locale.ROOT, "ingest: %,d events from %s, %d partitions, %d warm-up + %d runs, broker %s, %d cores%n",
        events, data, partitions, warmup, runs, kafka.bootstrapServers(), Runtime.getRuntime().availableProcessors());
    double[] produced = new double[runs + warmup];
    double[] validated = new double[runs + warmup];
    String prefix = "bench-" + System.currentTimeMillis() + "-";
    Path stateDir = Files.createTempDirectory("recsys-bench-validator");
    try (Admin admin = Admin.create(settings)) {
      for (int run = 0; run < runs + warmup; run++) {
        String raw = prefix + run + "-raw";
        String valid = prefix + run + "-valid";
        String deadLetters = prefix + run + "-dlq";
        List<String> topics = List.of(raw, valid, deadLetters);
        admin.createTopics(List.of(new NewTopic(raw, partitions, (short) 1), new NewTopic(valid, partitions, (short) 1),
            new NewTopic(deadLetters, 1, (short) 1))).all().get();
        TopicAdmin.awaitLeaders(admin, topics, Duration.ofSeconds(30));
        try {
          ReplaySummary replay = new ReplayProducer(settings).replay(loaded.events(), raw, 0, sent -> { });
          if (replay.failed() > 0) {
            throw new IOException("replay failed: " + replay);
          }
          produced[run] = replay.eventsPerSecond();

          Map<String, Object> validatorSettings = new java.util.HashMap<>(settings);
          validatorSettings.put(StreamsConfig.APPLICATION_ID_CONFIG, prefix + run + "-validator");
          validatorSettings.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
          validatorSettings.put(ValidatorConfig.INPUT_TOPIC, raw);
          validatorSettings.put(ValidatorConfig.OUTPUT_TOPIC, valid);
          validatorSettings.put(ValidatorConfig.DEAD_LETTER_TOPIC, deadLetters);
          long start = System.nanoTime();
          ValidationCounts counts;
          try (ValidatorService validator = new ValidatorService(validatorSettings, Clock.systemUTC())) {
            validator.start();
            if (!validator.awaitCaughtUp(Duration.ofMinutes(30))) {
              throw new IOException("validator did not catch up (state " + validator.state() + ")", validator.failure());
            }
            counts = validator.counts();
          }
          double seconds = (System.nanoTime() - start) / 1e9;
          validated[run] = events / seconds;
          System.out.printf(Locale.ROOT, (run < warmup ? "warm-up" : "run") + " %d: produce %,.0f events/s (%.1f s); validate %,.0f events/s (%.1f s; %s)%n",
              run < warmup ? run + 1 : run - warmup + 1, produced[run], replay.elapsed().toMillis() / 1000.0, validated[run], seconds, counts);
        } finally {
          admin.deleteTopics(topics).all().get();
          deleteGroup(admin, prefix + run + "-validator");
        }
      }
    }
    System.out.printf(Locale.ROOT, "median: produce %,.0f events/s, validate %,.0f events/s%n",
        BenchRuns.median(Arrays.copyOfRange(produced, warmup, produced.length)),
        BenchRuns.median(Arrays.copyOfRange(validated, warmup, validated.length)));
    return 0;
  }

  private static void deleteGroup(Admin admin, String group) throws InterruptedException, ExecutionException {
    try {
      admin.deleteConsumerGroups(List.of(group)).all().get();
    } catch (ExecutionException e) {
      // The group goes with its topics' offsets on some broker versions; then there is nothing to delete.
      if (!(e.getCause() instanceof GroupIdNotFoundException)) {
        throw e;
      }
    }
  }
}
