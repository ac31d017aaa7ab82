package dev.recsys.model.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recsys.model.eval.EvaluationOptions;
import dev.recsys.model.eval.EvaluationResult;
import dev.recsys.model.eval.EvaluationStage;
import dev.recsys.model.eval.Evaluator;
import dev.recsys.model.eval.LeaveOneOut;
import dev.recsys.model.eval.PopularityScorer;
import dev.recsys.model.sasrec.Objective;
import dev.recsys.model.sasrec.SasrecConfig;
import dev.recsys.model.sasrec.SasrecForward;
import dev.recsys.model.sasrec.SasrecScorer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TrainerTest {
  private static final SasrecConfig SMALL = new SasrecConfig(16, 32, 1, 1, 0.1, 0.0, true);

  @Test
  void sameSeedSameModelOtherSeedOtherModel() {
    LeaveOneOut split = LeaveOneOut.of(CyclicWalks.generate(80, 20, 5, 12, 3));
    TrainingOptions options = new TrainingOptions(2, 16, 0.01, Objective.BCE, 10, 11, 1, 3, 0, false);
    TrainingResult first = new Trainer(SMALL, options).train(split, TrainingListener.NONE);
    TrainingResult second = new Trainer(SMALL, options).train(split, TrainingListener.NONE);
    TrainingResult otherSeed = new Trainer(SMALL, new TrainingOptions(2, 16, 0.01, Objective.BCE, 10, 12, 1, 3, 0,
        false)).train(split, TrainingListener.NONE);
    first.weights().forEach((name, w) -> assertEquals(w, second.weights().get(name), name));
    assertEquals(first.history().get(1).meanLoss(), second.history().get(1).meanLoss());
    assertNotEquals(first.weights().get("item_emb"), otherSeed.weights().get("item_emb"));
  }

  @ParameterizedTest
  @EnumSource(Objective.class)
  void learnsADeterministicSequentialRuleThatPopularityCannot(Objective objective) {
    LeaveOneOut split = LeaveOneOut.of(CyclicWalks.generate(400, 60, 8, 24, 1));
    TrainingOptions options = new TrainingOptions(30, 64, 0.005, objective, 10, 7, 10, 3, 0, true);
    List<EpochRecord> seen = new ArrayList<>();
    TrainingResult result = new Trainer(SMALL, options).train(split, new TrainingListener() {
      @Override
      public void epochDone(EpochRecord record, boolean newBest) {
        seen.add(record);
      }
    });

    Evaluator evaluator = new Evaluator(split, EvaluationOptions.defaults());
    EvaluationResult model = evaluator.evaluate(
        new SasrecScorer(new SasrecForward(SMALL, split.numItems(), result.weights())), EvaluationStage.TEST);
    EvaluationResult popularity = evaluator.evaluate(PopularityScorer.fromTraining(split), EvaluationStage.TEST);
    assertTrue(model.full().get("HR@1") > 0.9, () -> objective + " model " + model.full());
    assertTrue(popularity.sampled().get("HR@10") < 0.3, () -> "popularity " + popularity.sampled());
    // Loss goes down and the history matches what the listener heard.
    assertEquals(seen, result.history());
    assertTrue(result.history().get(result.history().size() - 1).meanLoss() < result.history().get(0).meanLoss());
    assertTrue(result.history().get(9).validated() && !result.history().get(8).validated());
  }
}
