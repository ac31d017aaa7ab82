package dev.recsys.model.eval;

import java.util.Set;

/**
 * One user to evaluate at one stage.
 *
 * @param userIndex position of the user in the dataset's user list; seeds the user's negative sample
 * @param history items the scorer sees, oldest first (owned by this record: do not modify)
 * @param target the held-out item to rank
 * @param interacted every item anywhere in the user's full sequence, target included; sampled
 *     negatives avoid all of them so that a "negative" is never something the user actually chose
 */
public record EvaluationCase(int userIndex, int[] history, int target, Set<Integer> interacted) {

  public EvaluationCase {
    interacted = Set.copyOf(interacted);
  }
}
