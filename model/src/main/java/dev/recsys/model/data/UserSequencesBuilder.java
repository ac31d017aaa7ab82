package dev.recsys.model.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gathers interactions per user, in the order users first appear, and orders each user's items by
 * timestamp. Sorting is stable, so interactions with equal timestamps (or formats without
 * timestamps, which use 0 throughout) keep their file order.
 */
final class UserSequencesBuilder {
  private final Map<String, Timeline> users = new LinkedHashMap<>();

  void add(String userId, int item, long timestamp) {
    users.computeIfAbsent(userId, id -> new Timeline()).add(item, timestamp);
  }

  List<UserSequence> build() {
    List<UserSequence> sequences = new ArrayList<>(users.size());
    for (Map.Entry<String, Timeline> user : users.entrySet()) {
      sequences.add(new UserSequence(user.getKey(), user.getValue().itemsInTimeOrder()));
    }
    return sequences;
  }

  /** One user's interactions in file order, in primitive arrays to keep a million lines cheap. */
  private static final class Timeline {
    // Keys hold the time since the user's first interaction: 2^40 covers 34 years even in
    // milliseconds, so real data takes the packed path and the boxed sort is only a fallback.
    private static final int POSITION_BITS = 23;
    private static final int MAX_PACKED_POSITION = (1 << POSITION_BITS) - 1;
    private static final long MAX_PACKED_TIMESTAMP = Long.MAX_VALUE >>> POSITION_BITS;

    private int[] items = new int[16];
    private long[] timestamps = new long[16];
    private int size;

    void add(int item, long timestamp) {
      if (size == items.length) {
        items = Arrays.copyOf(items, size * 2);
        timestamps = Arrays.copyOf(timestamps, size * 2);
      }
      items[size] = item;
      timestamps[size] = timestamp;
      size++;
    }

    int[] itemsInTimeOrder() {
      if (isSortedByTime()) {
        return Arrays.copyOf(items, size);
      }
      long earliest = minTimestamp();
      if (size <= MAX_PACKED_POSITION && maxTimestamp() - earliest <= MAX_PACKED_TIMESTAMP) {
        return sortedByPackedKeys(earliest);
      }
      // Arrays.sort on objects is guaranteed stable, which is what keeps ties in file order.
      Integer[] order = new Integer[size];
      for (int i = 0; i < size; i++) {
        order[i] = i;
      }
      Arrays.sort(order, Comparator.comparingLong(i -> timestamps[i]));
      int[] sorted = new int[size];
      for (int i = 0; i < size; i++) {
        sorted[i] = items[order[i]];
      }
      return sorted;
    }

    /**
     * Sorts primitive keys of timestamp and file position together: unique keys make the sort
     * stable by construction and avoid boxing, which matters on million-line files.
     */
    private int[] sortedByPackedKeys(long earliest) {
      long[] keys = new long[size];
      for (int i = 0; i < size; i++) {
        keys[i] = ((timestamps[i] - earliest) << POSITION_BITS) | i;
      }
      Arrays.sort(keys);
      int[] sorted = new int[size];
      for (int i = 0; i < size; i++) {
        sorted[i] = items[(int) (keys[i] & MAX_PACKED_POSITION)];
      }
      return sorted;
    }

    private long minTimestamp() {
      long min = Long.MAX_VALUE;
      for (int i = 0; i < size; i++) {
        min = Math.min(min, timestamps[i]);
      }
      return min;
    }

    private long maxTimestamp() {
      long max = 0;
      for (int i = 0; i < size; i++) {
        max = Math.max(max, timestamps[i]);
      }
      return max;
    }

    private boolean isSortedByTime() {
      for (int i = 1; i < size; i++) {
        if (timestamps[i] < timestamps[i - 1]) {
          return false;
        }
      }
      return true;
    }
  }
}
