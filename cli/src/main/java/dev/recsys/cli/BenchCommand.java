package dev.recsys.cli;

import dev.recsys.model.SasrecModel;
import dev.recsys.model.data.ItemVocabulary;
import dev.recsys.model.data.SequenceDataset;
import dev.recsys.model.data.UserSequence;
import dev.recsys.model.inference.Recommender;
import dev.recsys.model.sasrec.Sasrec;
import dev.recsys.store.bench.SequenceStoreBench;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmarks that print figures (medians of several runs, on this machine).",
    subcommands = {BenchCommand.Inference.class, IngestBench.class, BenchCommand.Store.class, ServeBench.class,
        RetrainBench.class})
final class BenchCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  /** {@code recsys bench} alone is a usage error: it needs a benchmark name. */
  @Override
  public Integer call() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing benchmark name");
  }

  @Command(name = "inference", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"Batched inference throughput (users/s, full catalogue) at several batch sizes:",
          "  direct     - SasrecForward, the INDArray forward pass the engine serves with",
          "  samediff   - the same model as a SameDiff graph, SameDiff.output() per batch",
          "  recommend  - Recommender.recommendBatch: ids in, top-K ids out (direct + top-K)",
          "Histories are each user's items but the last, as at test time."})
  static final class Inference implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "Model artifact.")
    Path modelPath;

    @Mixin DataOptions input;

    @Option(names = "--batch-sizes", defaultValue = "1,16,64,256", split = ",", description = "Default: "
        + "${DEFAULT-VALUE}.")
    List<Integer> batchSizes;

    @Option(names = "--users", defaultValue = "1024", description = "Users per run. Default: ${DEFAULT-VALUE}.")
    int users;

    @Option(names = "--repeats", defaultValue = "5", description = "Runs per figure (median). "
        + "Default: ${DEFAULT-VALUE}.")
    int repeats;

    @Option(names = "--k", defaultValue = "10", description = "Top-K for recommend. Default: ${DEFAULT-VALUE}.")
    int k;

    @Option(names = "--skip-samediff", description = "Leave out the SameDiff path (it is slow at batch 1).")
    boolean skipSameDiff;

    @Override
    public Integer call() throws Exception {
      if (users < 1 || repeats < 1 || k < 1 || batchSizes.stream().anyMatch(b -> b < 1)) {
        throw new IllegalArgumentException("--users, --repeats, --k and --batch-sizes must be >= 1");
      }
      SasrecModel model = SasrecModel.load(modelPath);
      SequenceDataset data = input.read(model.items());
      List<int[]> histories = new ArrayList<>();
      List<List<String>> historyIds = new ArrayList<>();
      ItemVocabulary items = model.items();
      for (UserSequence user : data.users()) {
        if (histories.size() == users) {
          break;
        }
        int[] known = Arrays.stream(user.items(), 0, user.length() - 1).filter(i -> i <= items.size()).toArray();
        if (known.length > 0) {
          histories.add(known);
          historyIds.add(Arrays.stream(known).mapToObj(items::idOf).toList());
        }
      }
      System.err.println("backend: " + Backend.describe());
      System.out.printf(Locale.ROOT, "inference: %d users, %d items, maxLen %d, hidden %d, %d blocks, median of %d runs, "
          + "%d cores%n", histories.size(), items.size(), model.config().maxLen(), model.config().hiddenSize(),
          model.config().blocks(), repeats, Runtime.getRuntime().availableProcessors());
      System.out.printf(Locale.ROOT, "%6s %14s %14s %14s %10s%n", "batch", "direct u/s", "samediff u/s", "recommend u/s",
          "direct/sd");
      SameDiff graph = skipSameDiff ? null : Sasrec.scoringGraph(model.config(), items.size(),
          model.forward().weights());
      for (int batchSize : batchSizes) {
        double direct = usersPerSecond(histories, batchSize, batch -> model.forward().scores(batch));
        double sameDiff = graph == null ? Double.NaN : usersPerSecond(histories, batchSize,
            batch -> graph.outputSingle(Map.of(Sasrec.INPUT, padded(batch, model.config().maxLen())), Sasrec.SCORES));
        Recommender recommender = new Recommender(model);
        double recommend = usersPerSecond(historyIds, batchSize, batch -> recommender.recommendBatch(batch, k));
        System.out.printf(Locale.ROOT, "%6d %14.1f %14.1f %14.1f %10.2f%n", batchSize, direct, sameDiff, recommend,
            direct / sameDiff);
      }
      return 0;
    }

    private <T> double usersPerSecond(List<T> all, int batchSize, Consumer<List<T>> run) {
      forEachBatch(all, batchSize, run);                      // warm-up
      double[] rates = new double[repeats];
      for (int r = 0; r < repeats; r++) {
        long start = System.nanoTime();
        forEachBatch(all, batchSize, run);
        rates[r] = all.size() / ((System.nanoTime() - start) / 1e9);
      }
      Arrays.sort(rates);
      return rates[repeats / 2];
    }

    private static <T> void forEachBatch(List<T> all, int batchSize, Consumer<List<T>> run) {
      for (int start = 0; start < all.size(); start += batchSize) {
        run.accept(all.subList(start, Math.min(all.size(), start + batchSize)));
      }
    }

    private static INDArray padded(List<int[]> histories, int maxLen) {
      int[][] rows = new int[histories.size()][maxLen];
      for (int u = 0; u < rows.length; u++) {
        int[] h = histories.get(u);
        int take = Math.min(h.length, maxLen);
        System.arraycopy(h, h.length - take, rows[u], maxLen - take, take);
      }
      return Nd4j.createFromArray(rows);
    }
  }

  @Command(name = "store", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"The sequence store on RocksDB, each run on a fresh store in a temp dir:",
          "  append ev/s  - events appended in batches (vocabulary lookups included)",
          "  bytes/event  - the sequences' bytes after flush and full compaction",
          "  scan         - every user's whole history in one pass (events/s, users/s)",
          "  last(N)      - point reads/s of a random user's newest "
              + SequenceStoreBench.POINT_READ_EVENTS + " events",
          "A SASRec .txt has no timestamps: the line number is used.",
          "Prints each run and the medians."})
  static final class Store implements Callable<Integer> {
    @Option(names = "--data", defaultValue = "../shared/data/ml-1m.txt.gz", paramLabel = "FILE",
        description = "Interactions: SASRec .txt, MovieLens ratings.dat or CSV, optionally .gz. "
            + "Default: ${DEFAULT-VALUE}.")
    Path data;

    @Option(names = "--runs", defaultValue = "3", description = "Runs (median reported). Default: ${DEFAULT-VALUE}.")
    int runs;

    @Option(names = "--batch-size", defaultValue = "1000", description = "Events per write batch. "
        + "Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Override
    public Integer call() throws Exception {
      SequenceStoreBench.run(data, runs, batchSize, System.out);
      return 0;
    }
  }
}
