package dev.recsys.store.sequence;

import java.util.Arrays;
import java.util.Objects;

/**
 * One user's events, oldest first: {@code items[i]} (a vocabulary index) happened at
 * {@code timestamps[i]}. Built fresh by every read, so the arrays are the caller's.
 */
public record UserHistory(String userId, int[] items, long[] timestamps) {
  public UserHistory {
    Objects.requireNonNull(userId, "userId");
    if (items.length != timestamps.length) {
      throw new IllegalArgumentException("items (" + items.length + ") and timestamps (" + timestamps.length
          + ") differ in length");
    }
  }

  static UserHistory empty(String userId) {
    return new UserHistory(userId, new int[0], new long[0]);
  }

  public int size() {
    return items.length;
  }

  public boolean isEmpty() {
    return items.length == 0;
  }

  // A record compares arrays by identity; histories are values.
  @Override
  public boolean equals(Object other) {
    return other instanceof UserHistory that && userId.equals(that.userId) && Arrays.equals(items, that.items)
        && Arrays.equals(timestamps, that.timestamps);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * userId.hashCode() + Arrays.hashCode(items)) + Arrays.hashCode(timestamps);
  }

  @Override
  public String toString() {
    return "UserHistory[" + userId + ", items=" + Arrays.toString(items) + ", timestamps="
        + Arrays.toString(timestamps) + "]";
  }
}
