package dev.recsys.model.eval;

import dev.recsys.model.data.SequenceDataset;
import dev.recsys.model.data.UserSequence;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The SASRec paper's split (its code's {@code data_partition}): for a user with at least three
 * items, the last item is the test target, the one before it the validation target, and the rest is
 * training data. Users with fewer items are kept whole for training and never evaluated, because
 * holding out two items would leave them nothing to condition on.
 */
public final class LeaveOneOut {
  /** Smallest sequence that yields a training prefix, a validation item and a test item. */
  public static final int MIN_EVALUATED_LENGTH = 3;

  private final int numItems;
  private final List<UserSequence> training;
  private final List<EvaluationCase> validation;
  private final List<EvaluationCase> test;

  public static LeaveOneOut of(SequenceDataset dataset) {
    return new LeaveOneOut(dataset.users(), dataset.numItems());
  }

  /**
   * @param users every user's sequence of dense item indices (1..numItems), oldest first; the
   *     position in this list is the user index used by {@link EvaluationCase#userIndex()}
   */
  public LeaveOneOut(List<UserSequence> users, int numItems) {
    if (numItems < 1) {
      throw new IllegalArgumentException("leave-one-out: numItems=" + numItems + " must be >= 1");
    }
    this.numItems = numItems;
    List<UserSequence> trainingSequences = new ArrayList<>(users.size());
    List<EvaluationCase> validationCases = new ArrayList<>();
    List<EvaluationCase> testCases = new ArrayList<>();
    for (int u = 0; u < users.size(); u++) {
      UserSequence user = users.get(u);
      int[] items = user.items();
      checkIndices(user, items, numItems);
      int n = items.length;
      if (n < MIN_EVALUATED_LENGTH) {
        trainingSequences.add(new UserSequence(user.userId(), items.clone()));
        continue;
      }
      int[] train = Arrays.copyOf(items, n - 2);
      Set<Integer> interacted = new HashSet<>();
      for (int item : items) {
        interacted.add(item);
      }
      trainingSequences.add(new UserSequence(user.userId(), train));
      validationCases.add(new EvaluationCase(u, train.clone(), items[n - 2], interacted));
      testCases.add(new EvaluationCase(u, Arrays.copyOf(items, n - 1), items[n - 1], interacted));
    }
    this.training = Collections.unmodifiableList(trainingSequences);
    this.validation = Collections.unmodifiableList(validationCases);
    this.test = Collections.unmodifiableList(testCases);
  }

  private static void checkIndices(UserSequence user, int[] items, int numItems) {
    for (int item : items) {
      if (item < 1 || item > numItems) {
        throw new IllegalArgumentException(
            "leave-one-out: user '" + user.userId() + "' has item index " + item
                + ", expected 1.." + numItems + " (0 is padding and never an interaction)");
      }
    }
  }

  /** One sequence per user, in dataset order: the training prefix, or the whole sequence if short. */
  public List<UserSequence> trainingSequences() {
    return training;
  }

  /** The users evaluated at {@code stage}, in dataset order. */
  public List<EvaluationCase> cases(EvaluationStage stage) {
    return switch (stage) {
      case VALIDATION -> validation;
      case TEST -> test;
    };
  }

  public int numItems() {
    return numItems;
  }

  /** Number of users in the dataset, evaluated or not. */
  public int numUsers() {
    return training.size();
  }
}
