package dev.recsys.cli;

import dev.recsys.model.SasrecModel;
import dev.recsys.model.artifact.Provenance;
import dev.recsys.model.data.SequenceDataset;
import dev.recsys.model.eval.LeaveOneOut;
import dev.recsys.model.eval.PopularityScorer;
import dev.recsys.model.sasrec.Objective;
import dev.recsys.model.sasrec.SasrecConfig;
import dev.recsys.model.train.Trainer;
import dev.recsys.model.train.TrainingCurvePlot;
import dev.recsys.model.train.TrainingOptions;
import dev.recsys.model.train.TrainingResult;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Train SASRec on an interaction file and write a model artifact (plus a training-curve PNG "
        + "next to it).",
        "Leave-one-out: each user's last item is held out for testing, the one before for validation; the "
            + "best validation epoch is kept. Defaults are the paper's MovieLens-1M settings."})
final class TrainCommand implements Callable<Integer> {
  @Mixin DataOptions input;

  @Option(names = "--out", required = true, paramLabel = "MODEL", description = "Model artifact to write.")
  Path out;

  @Option(names = "--epochs", defaultValue = "200", description = "Maximum epochs. Default: ${DEFAULT-VALUE}.")
  int epochs;

  @Option(names = "--loss", defaultValue = "bce", paramLabel = "LOSS",
      description = "bce (the paper's, one negative), ce (full softmax) or sampled-ce. Default: ${DEFAULT-VALUE}.")
  String loss;

  @Option(names = "--negatives", defaultValue = "100", description = "Negatives per position for sampled-ce. "
      + "Default: ${DEFAULT-VALUE}.")
  int negatives;

  @Option(names = "--batch-size", defaultValue = "128", description = "Default: ${DEFAULT-VALUE}.")
  int batchSize;

  @Option(names = "--lr", defaultValue = "0.001", description = "Adam learning rate. Default: ${DEFAULT-VALUE}.")
  double learningRate;

  @Option(names = "--max-len", defaultValue = "200", description = "Longest history read. Default: ${DEFAULT-VALUE}.")
  int maxLen;

  @Option(names = "--hidden", defaultValue = "50", description = "Hidden size d. Default: ${DEFAULT-VALUE}.")
  int hidden;

  @Option(names = "--blocks", defaultValue = "2", description = "Self-attention blocks. Default: ${DEFAULT-VALUE}.")
  int blocks;

  @Option(names = "--heads", defaultValue = "1", description = "Attention heads. Default: ${DEFAULT-VALUE}.")
  int heads;

  @Option(names = "--dropout", defaultValue = "0.2", description = "Default: ${DEFAULT-VALUE}.")
  double dropout;

  @Option(names = "--l2-emb", defaultValue = "0.0", description = "L2 on item embeddings. Default: ${DEFAULT-VALUE}.")
  double l2Emb;

  @Option(names = "--post-ln", description = "Post-layer-norm blocks, LN(x + F(x)), instead of the paper's pre-LN.")
  boolean postLayerNorm;

  @Option(names = "--seed", defaultValue = "42", description = "Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--validate-every", defaultValue = "5", description = "Validate every N epochs. "
      + "Default: ${DEFAULT-VALUE}.")
  int validateEvery;

  @Option(names = "--patience", defaultValue = "5", description = "Stop after N validations without a better "
      + "NDCG@10. Default: ${DEFAULT-VALUE}.")
  int patience;

  @Option(names = "--validation-users", defaultValue = "0", description = "Validate on a sample of N users "
      + "(0 = all). Default: ${DEFAULT-VALUE}.")
  int validationUsers;

  @Option(names = "--select-on", defaultValue = "sampled", paramLabel = "PROTOCOL",
      description = "Early-stopping metric: sampled (NDCG@10 vs 100 negatives, the paper's) or full "
          + "(NDCG@10 over the whole catalogue). Default: ${DEFAULT-VALUE}.")
  String selectOn;

  @Option(names = "--no-progress", description = "No progress bar; one line per epoch only.")
  boolean noProgress;

  @Override
  public Integer call() throws Exception {
    SasrecConfig config = new SasrecConfig(maxLen, hidden, blocks, heads, dropout, l2Emb, !postLayerNorm);
    TrainingOptions options = new TrainingOptions(epochs, batchSize, learningRate, Objective.fromName(loss),
        negatives, seed, validateEvery, patience, validationUsers, selectsOnFullRanking(selectOn));
    PrintStream err = System.err;
    err.println("backend: " + Backend.describe());
    SequenceDataset data = input.read();
    err.printf(Locale.ROOT, "data: %s (%s): %d users, %d items, %d actions%s%n", data.source().location(), data.source().format(),
        data.numUsers(), data.numItems(), data.numActions(),
        data.source().skippedLines() > 0 ? ", " + data.source().skippedLines() + " bad lines skipped" : "");
    LeaveOneOut split = LeaveOneOut.of(data);

    TrainingResult result;
    try (TrainingProgress progress = new TrainingProgress(batchSize, epochs, !noProgress, err)) {
      result = new Trainer(config, options).train(split, progress);
    }
    Map<String, Object> parameters = options.parameters();
    Map<String, Map<String, Double>> metrics = new LinkedHashMap<>();
    result.bestValidation().forEach((protocol, values) -> metrics.put("validation." + protocol, values));
    Provenance provenance = new Provenance(data.source().location(),
        data.source().sha256() == null ? "none" : data.source().sha256(), data.source().format(), seed,
        result.epochsTrained(), result.bestEpoch(), options.objective().cliName(), parameters, metrics, Instant.now(),
        Backend.libraryVersion(), result.seconds());
    long[] popularity = PopularityScorer.countOccurrences(data.users(), data.numItems());
    SasrecModel model = SasrecModel.of(config, data.items(), result.weights(), popularity, provenance);
    model.save(out);
    Path curve = curvePath(out);
    TrainingCurvePlot.write(result.history(), curve, "SASRec " + options.objective().cliName() + " on "
        + data.source().location(), selectOn);

    double[] epochSeconds = result.history().stream().mapToDouble(e -> e.seconds()).sorted().toArray();
    PrintStream outStream = System.out;
    outStream.printf(Locale.ROOT, "model: %s%ntraining curve: %s%n", out, curve);
    outStream.printf(Locale.ROOT, "epochs: %d (best %d), %.1f s in all, median %.1f s/epoch, peak RSS %s%n",
        result.epochsTrained(), result.bestEpoch(), result.seconds(), epochSeconds[epochSeconds.length / 2],
        Backend.peakMemory());
    result.bestValidation().forEach((protocol, values) ->
        outStream.printf(Locale.ROOT, "validation (%s) at best epoch: NDCG@10 %.4f, HR@10 %.4f%n", protocol,
            values.get("NDCG@10"), values.get("HR@10")));
    return 0;
  }

  /** {@code --select-on}, shared with {@code recsys retrain}: true for full ranking, false for sampled. */
  static boolean selectsOnFullRanking(String selectOn) {
    if (!selectOn.equals("sampled") && !selectOn.equals("full")) {
      throw new IllegalArgumentException("--select-on '" + selectOn + "' is not sampled or full");
    }
    return selectOn.equals("full");
  }

  /** model.sasrec -> model.curve.png, beside the model. */
  static Path curvePath(Path model) {
    String name = model.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    return model.resolveSibling(stem + ".curve.png");
  }
}
