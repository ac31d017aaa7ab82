package dev.recsys.cli;

import dev.recsys.model.SasrecModel;
import dev.recsys.model.inference.Recommendations;
import dev.recsys.model.inference.Recommender;
import dev.recsys.model.inference.ScoredItem;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "recommend", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Top-K next items for a history, for a quick look by hand.")
final class RecommendCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "MODEL", description = "Model artifact.")
  Path modelPath;

  @Option(names = "--history", required = true, paramLabel = "ITEM,ITEM,...", split = ",",
      description = "Item ids the user interacted with, oldest first.")
  List<String> history;

  @Option(names = "--k", defaultValue = "10", description = "How many items. Default: ${DEFAULT-VALUE}.")
  int k;

  @Override
  public Integer call() throws Exception {
    if (k < 1) {
      throw new IllegalArgumentException("--k " + k + " must be >= 1");
    }
    SasrecModel model = SasrecModel.load(modelPath);
    Recommendations result = new Recommender(model).recommend(history.stream().map(String::trim).toList(), k);
    if (result.unknownItems() > 0) {
      System.err.printf(Locale.ROOT, "note: %d of %d history items are unknown to the model and were skipped%n",
          result.unknownItems(), history.size());
    }
    if (result.coldStart()) {
      System.err.println("note: no history item is known to the model: most popular items (score = count)");
    }
    System.out.printf(Locale.ROOT, "%4s  %-20s %10s%n", "rank", "item", "score");
    int rank = 1;
    for (ScoredItem item : result.items()) {
      System.out.printf(Locale.ROOT, "%4d  %-20s %10.4f%n", rank++, item.itemId(), item.score());
    }
    return 0;
  }
}
