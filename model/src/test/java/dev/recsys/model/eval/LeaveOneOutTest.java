package dev.recsys.model.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.recsys.model.data.ItemVocabulary;
import dev.recsys.model.data.SequenceDataset;
import dev.recsys.model.data.UserSequence;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LeaveOneOutTest {

  private static LeaveOneOut split() {
    List<UserSequence> users = List.of(
        new UserSequence("a", new int[] {1, 2, 3, 4, 5}),
        new UserSequence("short", new int[] {5, 6}),
        new UserSequence("c", new int[] {2, 3, 2}));
    return new LeaveOneOut(users, 6);
  }

  @Test
  void trainingHoldsAllButTheLastTwoAndShortUsersWhole() {
    List<UserSequence> training = split().trainingSequences();
    assertEquals(3, training.size());
    assertEquals("a", training.get(0).userId());
    assertArrayEquals(new int[] {1, 2, 3}, training.get(0).items());
    assertEquals("short", training.get(1).userId());
    assertArrayEquals(new int[] {5, 6}, training.get(1).items());
    assertArrayEquals(new int[] {2}, training.get(2).items());
  }

  @Test
  void validationPredictsTheSecondToLastFromTheTrainingPrefix() {
    List<EvaluationCase> cases = split().cases(EvaluationStage.VALIDATION);
    assertEquals(2, cases.size()); // the 2-item user is never evaluated
    assertEquals(0, cases.get(0).userIndex());
    assertArrayEquals(new int[] {1, 2, 3}, cases.get(0).history());
    assertEquals(4, cases.get(0).target());
    assertEquals(Set.of(1, 2, 3, 4, 5), cases.get(0).interacted());
    assertEquals(2, cases.get(1).userIndex());
    assertArrayEquals(new int[] {2}, cases.get(1).history());
    assertEquals(3, cases.get(1).target());
    assertEquals(Set.of(2, 3), cases.get(1).interacted());
  }

  @Test
  void testPredictsTheLastFromTrainingPlusValidationItem() {
    List<EvaluationCase> cases = split().cases(EvaluationStage.TEST);
    assertEquals(2, cases.size());
    assertEquals(0, cases.get(0).userIndex());
    assertArrayEquals(new int[] {1, 2, 3, 4}, cases.get(0).history());
    assertEquals(5, cases.get(0).target());
    assertEquals(2, cases.get(1).userIndex());
    assertArrayEquals(new int[] {2, 3}, cases.get(1).history());
    assertEquals(2, cases.get(1).target());
  }

  @Test
  void buildsFromADatasetWithItsCatalogueSize() {
    ItemVocabulary vocabulary = ItemVocabulary.of(List.of("x", "y", "z", "w"));
    SequenceDataset dataset = new SequenceDataset(
        List.of(new UserSequence("u", new int[] {1, 2, 3})), vocabulary,
        new SequenceDataset.DataSource("mem", null, "test", 0));
    LeaveOneOut split = LeaveOneOut.of(dataset);
    assertEquals(4, split.numItems());
    assertEquals(1, split.numUsers());
    assertEquals(3, split.cases(EvaluationStage.TEST).get(0).target());
  }

  @Test
  void rejectsPaddingAndOutOfRangeItems() {
    assertThrows(IllegalArgumentException.class,
        () -> new LeaveOneOut(List.of(new UserSequence("u", new int[] {1, 0, 2})), 3));
    assertThrows(IllegalArgumentException.class,
        () -> new LeaveOneOut(List.of(new UserSequence("u", new int[] {1, 4, 2})), 3));
  }
}
