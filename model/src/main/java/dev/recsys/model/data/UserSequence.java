package dev.recsys.model.data;

/**
 * One user's interactions as dense item indices (see {@link ItemVocabulary}), oldest first.
 * The array is owned by this record: callers must not modify it.
 */
public record UserSequence(String userId, int[] items) {
  public int length() {
    return items.length;
  }
}
