package dev.recsys.model.inference;

import java.util.List;

/**
 * Top-K for one history.
 *
 * @param items best first, never an item of the history
 * @param unknownItems history items the model's vocabulary does not know (skipped)
 * @param coldStart true when no history item was known, so the items are the most popular ones
 *     (scores are their interaction counts)
 */
public record Recommendations(List<ScoredItem> items, int unknownItems, boolean coldStart) {
  public Recommendations {
    items = List.copyOf(items);
  }
}
