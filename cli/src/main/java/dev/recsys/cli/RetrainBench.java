package dev.recsys.cli;

import dev.recsys.ingest.replay.ReplayDataset;
import dev.recsys.ingest.replay.ReplayProducer;
import dev.recsys.ingest.topics.TopicAdmin;
import dev.recsys.model.sasrec.SasrecConfig;
import dev.recsys.model.train.TrainingOptions;
import dev.recsys.retrain.RetrainOutcome;
import dev.recsys.retrain.RetrainSettings;
import dev.recsys.retrain.Retrainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "retrain", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Replay-to-model wall time against a running broker. Each run loads the",
        "dataset into a fresh topic (canonical JSON keyed by user, as the validator",
        "writes the clean topic), then times `recsys retrain` on a fresh store:",
        "  replay      - topic -> RocksDB sequence store (events/s)",
        "  read back   - the training data read from the store and split",
        "  training    - a fixed number of epochs, one validation at the end",
        "  evaluation  - the hold-out, candidate only (no serving model yet)",
        "Prints each run and the medians; topics and stores are deleted after."})
final class RetrainBench implements Callable<Integer> {
  @Option(names = "--data", required = true, paramLabel = "FILE",
      description = "Dataset (any format `recsys produce` reads), e.g. ../shared/data/ml-1m.txt.gz.")
  Path data;

  @Option(names = "--epochs", paramLabel = "N", defaultValue = "5", description = "Epochs per run. Default: ${DEFAULT-VALUE}.")
  int epochs;

  @Option(names = "--max-len", paramLabel = "N", defaultValue = "200", description = "SASRec maxLen (hidden 50, 2 blocks, the "
      + "paper's ML-1M model otherwise). Default: ${DEFAULT-VALUE}.")
  int maxLen;

  @Option(names = "--runs", paramLabel = "N", defaultValue = "1", description = "Runs (median reported). Default: ${DEFAULT-VALUE}.")
  int runs;

  @Option(names = "--partitions", paramLabel = "N", defaultValue = "6", description = "Partitions of the bench topic (the clean "
      + "topic has 6). Default: ${DEFAULT-VALUE}.")
  int partitions;

  @Mixin KafkaClientOptions kafka;

  @Override
  public Integer call() throws Exception {
    if (runs < 1 || epochs < 1 || partitions < 1) {
      throw new IllegalArgumentException("--runs, --epochs and --partitions must be at least 1");
    }
    ReplayDataset.Loaded loaded = ReplayDataset.load(data, ReplayDataset.Format.of("auto", data),
        new ReplayDataset.Options(null, false));
    Map<String, Object> settings = kafka.clientSettings();
    SasrecConfig config = new SasrecConfig(maxLen, 50, 2, 1, 0.2, 0.0, true);
    TrainingOptions defaults = TrainingOptions.defaults();
    TrainingOptions training = new TrainingOptions(epochs, defaults.batchSize(), defaults.learningRate(),
        defaults.objective(), defaults.sampledNegatives(), defaults.seed(), epochs, 1, 0, true);
    System.out.printf(Locale.ROOT, "retrain: %,d events from %s, %d partitions, %s, %d epochs, %d runs, broker %s, "
        + "%d cores%n", loaded.events().size(), data, partitions, config, epochs, runs, kafka.bootstrapServers(),
        Runtime.getRuntime().availableProcessors());
    System.err.println("backend: " + Backend.describe());
    double[] replay = new double[runs];
    double[] train = new double[runs];
    double[] evaluate = new double[runs];
    String prefix = "bench-retrain-" + System.currentTimeMillis() + "-";
    try (Admin admin = Admin.create(settings)) {
      for (int run = 0; run < runs; run++) {
        String actions = prefix + run + "-actions";
        String updates = prefix + run + "-updates";
        List<String> topics = List.of(actions, updates);
        admin.createTopics(List.of(new NewTopic(actions, partitions, (short) 1), new NewTopic(updates, 1, (short) 1)))
            .all().get();
        TopicAdmin.awaitLeaders(admin, topics, Duration.ofSeconds(30));
        Path store = Files.createTempDirectory("recsys-bench-retrain");
        try {
          var produced = new ReplayProducer(settings).replay(loaded.events(), actions, 0, sent -> { });
          if (produced.failed() > 0) {
            throw new IOException("loading the topic failed: " + produced);
          }
          RetrainOutcome outcome;
          try (RetrainCommand.Progress progress = new RetrainCommand.Progress(training, false, System.err)) {
            outcome = new Retrainer().run(RetrainSettings.defaults().kafka(settings).storeDir(store)
                .actionsTopic(actions).modelUpdatesTopic(updates).config(config).training(training)
                .version("bench-" + run).libraryVersion(Backend.libraryVersion()).build(), progress);
          }
          replay[run] = outcome.replay().recordsPerSecond();
          train[run] = outcome.trainingSeconds();
          evaluate[run] = outcome.evaluationSeconds();
          System.out.printf(Locale.ROOT, "run %d: replay %,d events in %.1f s (%,.0f events/s), store %,d bytes; "
                  + "read back %.1f s; training %.1f s (%.1f s/epoch incl. one validation); evaluation %.1f s (%d users); "
                  + "full NDCG@10 %.4f; peak RSS %s%n", run + 1, outcome.replay().records(),
              outcome.replay().seconds(), replay[run], storeBytes(store.resolve("store")), outcome.readSeconds(), train[run],
              train[run] / epochs, evaluate[run], outcome.candidate().users(),
              outcome.candidate().full().get("NDCG@10"), Backend.peakMemory());
        } finally {
          admin.deleteTopics(topics).all().get();
          BenchRuns.deleteTree(store);
        }
      }
    }
    System.out.printf(Locale.ROOT, "median: replay %,.0f events/s, training %.1f s (%d epochs), evaluation %.1f s%n",
        BenchRuns.median(replay), BenchRuns.median(train), epochs, BenchRuns.median(evaluate));
    return 0;
  }

  private static long storeBytes(Path dir) throws IOException {
    try (var files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
    }
  }
}
