package dev.recsys.model.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recsys.model.data.UserSequence;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.ToDoubleBiFunction;
import org.junit.jupiter.api.Test;

class EvaluatorTest {
  private static final int NUM_ITEMS = 300;
  private static final int USERS = 40;
  private static final double EPS = 1e-12;

  /**
   * User u's sequence starts with item u + 1, which no other user has, so a fake scorer can tell
   * users apart by their first item. The last user repeats its test target inside its history.
   */
  private static LeaveOneOut split() {
    Random random = new Random(5);
    List<UserSequence> users = new ArrayList<>();
    for (int u = 0; u < USERS - 1; u++) {
      int length = 3 + random.nextInt(8);
      int[] items = new int[length];
      items[0] = u + 1;
      for (int i = 1; i < length; i++) {
        items[i] = USERS + 1 + random.nextInt(NUM_ITEMS - USERS);
      }
      users.add(new UserSequence("u" + u, items));
    }
    users.add(new UserSequence("repeat", new int[] {USERS, 250, 251, 252, 250}));
    users.add(new UserSequence("tooShort", new int[] {41, 42}));
    return new LeaveOneOut(users, NUM_ITEMS);
  }

  /** Scores each item from (history, item); counts how often it is called. */
  private static final class FakeScorer implements SequenceScorer {
    private final ToDoubleBiFunction<int[], Integer> scoreOf;
    int calls;

    FakeScorer(ToDoubleBiFunction<int[], Integer> scoreOf) {
      this.scoreOf = scoreOf;
    }

    @Override
    public float[][] score(List<int[]> histories) {
      calls++;
      float[][] scores = new float[histories.size()][NUM_ITEMS + 1];
      for (int i = 0; i < histories.size(); i++) {
        for (int item = 0; item <= NUM_ITEMS; item++) {
          scores[i][item] = (float) scoreOf.applyAsDouble(histories.get(i), item);
        }
      }
      return scores;
    }

    @Override
    public int numItems() {
      return NUM_ITEMS;
    }
  }

  private static Map<Integer, Integer> targetByFirstItem(LeaveOneOut split, EvaluationStage stage) {
    Map<Integer, Integer> targets = new HashMap<>();
    for (EvaluationCase c : split.cases(stage)) {
      targets.put(c.history()[0], c.target());
    }
    return targets;
  }

  private static EvaluationOptions options(int batchSize) {
    return new EvaluationOptions(100, 0, 42, batchSize);
  }

  @Test
  void perfectScorerHitsAtOneInBothProtocols() {
    LeaveOneOut split = split();
    for (EvaluationStage stage : EvaluationStage.values()) {
      Map<Integer, Integer> targets = targetByFirstItem(split, stage);
      FakeScorer perfect = new FakeScorer((h, item) -> item.equals(targets.get(h[0])) ? 1 : 0);
      EvaluationResult result = new Evaluator(split, options(16)).evaluate(perfect, stage);
      assertEquals(USERS, result.users());
      assertEquals(stage, result.stage());
      result.sampled().values().forEach(v -> assertEquals(1.0, v, EPS));
      result.full().values().forEach(v -> assertEquals(1.0, v, EPS));
    }
  }

  @Test
  void adversarialScorerGetsTheWorstRank() {
    LeaveOneOut split = split();
    Map<Integer, Integer> targets = targetByFirstItem(split, EvaluationStage.TEST);
    FakeScorer adversarial = new FakeScorer((h, item) -> item.equals(targets.get(h[0])) ? 0 : 1);
    EvaluationResult result = new Evaluator(split, options(16)).evaluate(adversarial, EvaluationStage.TEST);

    assertEquals(0.0, result.sampled().get("HR@20"), EPS);
    assertEquals(1.0 / 101, result.sampled().get("MRR"), EPS);
    double reciprocalSum = 0;
    for (EvaluationCase c : split.cases(EvaluationStage.TEST)) {
      Set<Integer> excluded = new HashSet<>();
      for (int item : c.history()) {
        excluded.add(item);
      }
      excluded.add(c.target());
      reciprocalSum += 1.0 / (1 + NUM_ITEMS - excluded.size());
    }
    assertEquals(0.0, result.full().get("HR@20"), EPS);
    assertEquals(reciprocalSum / USERS, result.full().get("MRR"), EPS);
  }

  @Test
  void fullRankingExcludesHistoryButKeepsARepeatedTarget() {
    LeaveOneOut split = split();
    Map<Integer, Integer> targets = targetByFirstItem(split, EvaluationStage.TEST);
    // History items outscore the target; they must not count against it.
    FakeScorer historyLover = new FakeScorer((h, item) -> {
      if (item.equals(targets.get(h[0]))) {
        return 5;
      }
      for (int seen : h) {
        if (seen == item) {
          return 10;
        }
      }
      return 0;
    });
    EvaluationResult result = new Evaluator(split, options(16)).evaluate(historyLover, EvaluationStage.TEST);
    assertEquals(USERS, result.users()); // includes the user whose target 250 is also in its history
    assertEquals(1.0, result.full().get("HR@1"), EPS);
    assertEquals(1.0, result.sampled().get("HR@1"), EPS);
  }

  @Test
  void sampledCandidatesIgnoreBatchingAndTheScorer() {
    LeaveOneOut split = split();
    for (long scorerSeed : new long[] {1, 2}) {
      FakeScorer noisy = new FakeScorer(
          (h, item) -> new Random(scorerSeed * 1_000_003L + h[0] * 1009L + item).nextInt(50));
      Evaluator reference = new Evaluator(split, options(1));
      RankingMetrics expected = new RankingMetrics();
      for (EvaluationCase c : split.cases(EvaluationStage.VALIDATION)) {
        float[] row = noisy.score(List.of(c.history()))[0];
        expected.add(RankingMetrics.rankOf(row, c.target(), reference.sampledNegatives(c)));
      }
      for (int batchSize : new int[] {1, 7, 256}) {
        EvaluationResult result =
            new Evaluator(split, options(batchSize)).evaluate(noisy, EvaluationStage.VALIDATION);
        assertEquals(expected.toMap(), result.sampled(), "batch size " + batchSize);
      }
    }
  }

  @Test
  void scoresOncePerBatchAndReportsProgress() {
    LeaveOneOut split = split();
    FakeScorer constant = new FakeScorer((h, item) -> 0);
    List<Integer> progress = new ArrayList<>();
    new Evaluator(split, options(16)).evaluate(constant, EvaluationStage.TEST, progress::add);
    assertEquals(3, constant.calls); // 40 users in batches of 16
    assertEquals(List.of(16, 32, 40), progress);
  }

  @Test
  void maxUsersTakesASeededSubsampleInDatasetOrder() {
    LeaveOneOut split = split();
    Evaluator evaluator = new Evaluator(split, new EvaluationOptions(100, 10, 42, 4));
    List<EvaluationCase> chosen = evaluator.selectedCases(EvaluationStage.TEST);
    assertEquals(10, chosen.size());
    for (int i = 1; i < chosen.size(); i++) {
      assertTrue(chosen.get(i - 1).userIndex() < chosen.get(i).userIndex());
    }
    List<Integer> validationUsers = evaluator.selectedCases(EvaluationStage.VALIDATION).stream()
        .map(EvaluationCase::userIndex).toList();
    assertEquals(chosen.stream().map(EvaluationCase::userIndex).toList(), validationUsers);
    List<Integer> otherSeed = new Evaluator(split, new EvaluationOptions(100, 10, 43, 4))
        .selectedCases(EvaluationStage.TEST).stream().map(EvaluationCase::userIndex).toList();
    assertNotEquals(validationUsers, otherSeed);

    EvaluationResult result = evaluator.evaluate(new FakeScorer((h, item) -> 0), EvaluationStage.TEST);
    assertEquals(10, result.users());
  }

  @Test
  void rejectsMismatchedCataloguesAndMalformedScores() {
    LeaveOneOut split = split();
    Evaluator evaluator = new Evaluator(split, options(16));
    SequenceScorer smaller = new SequenceScorer() {
      @Override
      public float[][] score(List<int[]> histories) {
        return new float[histories.size()][NUM_ITEMS];
      }

      @Override
      public int numItems() {
        return NUM_ITEMS - 1;
      }
    };
    assertThrows(IllegalArgumentException.class, () -> evaluator.evaluate(smaller, EvaluationStage.TEST));
    SequenceScorer shortRows = new SequenceScorer() {
      @Override
      public float[][] score(List<int[]> histories) {
        return new float[histories.size()][NUM_ITEMS];
      }

      @Override
      public int numItems() {
        return NUM_ITEMS;
      }
    };
    assertThrows(IllegalStateException.class, () -> evaluator.evaluate(shortRows, EvaluationStage.TEST));
  }

  @Test
  void refusesToEvaluateWhenNoUserIsLongEnough() {
    LeaveOneOut split = new LeaveOneOut(List.of(new UserSequence("u", new int[] {1, 2})), NUM_ITEMS);
    Evaluator evaluator = new Evaluator(split, options(16));
    assertThrows(IllegalArgumentException.class,
        () -> evaluator.evaluate(new FakeScorer((h, item) -> 0), EvaluationStage.TEST));
  }

  @Test
  void toMapIsJsonReady() {
    EvaluationResult result = new Evaluator(split(), options(16))
        .evaluate(new FakeScorer((h, item) -> item), EvaluationStage.VALIDATION);
    Map<String, Object> map = result.toMap();
    assertEquals(List.of("stage", "negatives", "users", "sampled", "full"), new ArrayList<>(map.keySet()));
    assertEquals("VALIDATION", map.get("stage"));
    assertEquals(100, map.get("negatives"));
    assertEquals(USERS, map.get("users"));
    assertEquals(result.sampled(), map.get("sampled"));
  }
}
