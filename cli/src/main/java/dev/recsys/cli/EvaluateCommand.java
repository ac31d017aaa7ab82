package dev.recsys.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.recsys.model.SasrecModel;
import dev.recsys.model.data.SequenceDataset;
import dev.recsys.model.data.UserSequence;
import dev.recsys.model.eval.EvaluationOptions;
import dev.recsys.model.eval.EvaluationReport;
import dev.recsys.model.eval.EvaluationResult;
import dev.recsys.model.eval.EvaluationStage;
import dev.recsys.model.eval.Evaluator;
import dev.recsys.model.eval.LeaveOneOut;
import dev.recsys.model.eval.PopularityScorer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Evaluate a model with the paper's leave-one-out protocol, side by side with popularity.",
        "Sampled: the held-out item ranked against 100 items the user never interacted with; full: ranked "
            + "against the whole catalogue minus the user's history. Ties count against the model."})
final class EvaluateCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "MODEL", description = "Model artifact.")
  Path modelPath;

  @Mixin DataOptions input;

  @Option(names = "--stage", defaultValue = "test", description = "test (last item) or validation "
      + "(second to last). Default: ${DEFAULT-VALUE}.")
  String stage;

  @Option(names = "--users", defaultValue = "0", description = "Evaluate a seeded sample of N users "
      + "(0 = all). Default: ${DEFAULT-VALUE}.")
  int users;

  @Option(names = "--negatives", defaultValue = "100", description = "Sampled protocol's negatives. "
      + "Default: ${DEFAULT-VALUE}.")
  int negatives;

  @Option(names = "--seed", defaultValue = "42", description = "Seeds negatives and the user sample. "
      + "Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--json", description = "Print one JSON object instead of a table.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    EvaluationStage evaluationStage = switch (stage) {
      case "test" -> EvaluationStage.TEST;
      case "validation" -> EvaluationStage.VALIDATION;
      default -> throw new IllegalArgumentException("--stage '" + stage + "' is not test or validation");
    };
    SasrecModel model = SasrecModel.load(modelPath);
    SequenceDataset data = input.read(model.items());
    LeaveOneOut split = new LeaveOneOut(knownItemsOnly(data, model.items().size()), model.items().size());
    Evaluator evaluator = new Evaluator(split, new EvaluationOptions(negatives, users, seed,
        EvaluationOptions.DEFAULT_BATCH_SIZE));
    long start = System.nanoTime();
    EvaluationResult modelResult = evaluator.evaluate(model.scorer(), evaluationStage);
    double seconds = (System.nanoTime() - start) / 1e9;
    EvaluationResult popularity = evaluator.evaluate(PopularityScorer.fromTraining(split), evaluationStage);
    System.err.printf(Locale.ROOT, "evaluated %d users in %.1f s (%.0f users/s), backend %s%n", modelResult.users(), seconds,
        modelResult.users() / seconds, Backend.describe());
    if (json) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("model", Map.of("sampled", modelResult.sampled(), "full", modelResult.full()));
      out.put("popularity", Map.of("sampled", popularity.sampled(), "full", popularity.full()));
      out.put("users", modelResult.users());
      out.put("stage", stage);
      System.out.println(new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out));
    } else {
      System.out.print(EvaluationReport.table(modelResult, popularity));
    }
    return 0;
  }

  /**
   * Drops items the model has never seen (they have no embedding and cannot be ranked), saying how
   * many, so a model can be evaluated on newer data than it was trained on.
   */
  private static List<UserSequence> knownItemsOnly(SequenceDataset data, int modelItems) {
    long dropped = 0;
    List<UserSequence> users = new ArrayList<>(data.numUsers());
    for (UserSequence user : data.users()) {
      int[] known = Arrays.stream(user.items()).filter(item -> item <= modelItems).toArray();
      dropped += user.length() - known.length;
      users.add(new UserSequence(user.userId(), known));
    }
    if (dropped > 0) {
      System.err.printf(Locale.ROOT, "warning: %d interactions with items the model does not know were left out%n", dropped);
    }
    return users;
  }
}
