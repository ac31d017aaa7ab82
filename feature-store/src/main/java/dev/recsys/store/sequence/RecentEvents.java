package dev.recsys.store.sequence;

import java.util.Arrays;

/**
 * The newest {@code limit} of a stream of events given oldest first: a ring buffer that grows
 * only as far as it needs, so a large limit costs nothing for short histories.
 */
final class RecentEvents {
  private final int limit;
  private int[] items;
  private long[] timestamps;
  private int start;
  private int size;

  RecentEvents(int limit) {
    this.limit = limit;
    // Capacity never exceeds the limit, so a full buffer is exactly the ring that add() rotates.
    items = new int[Math.min(limit, 16)];
    timestamps = new long[items.length];
  }

  void add(long timestamp, int item) {
    if (size < limit) {
      if (size == items.length) {
        grow();
      }
      int at = (start + size) % items.length;
      items[at] = item;
      timestamps[at] = timestamp;
      size++;
    } else {
      items[start] = item;           // overwrite the oldest
      timestamps[start] = timestamp;
      start = (start + 1) % items.length;
    }
  }

  /** The events held, oldest first, as {@code userId}'s history; empties the buffer. */
  UserHistory drain(String userId) {
    int[] outItems = new int[size];
    long[] outTimes = new long[size];
    copyOldestFirst(outItems, outTimes);
    start = 0;
    size = 0;
    return new UserHistory(userId, outItems, outTimes);
  }

  private void grow() {
    int capacity = (int) Math.min(limit, 2L * items.length);
    int[] newItems = new int[capacity];
    long[] newTimes = new long[capacity];
    copyOldestFirst(newItems, newTimes);
    items = newItems;
    timestamps = newTimes;
    start = 0;
  }

  private void copyOldestFirst(int[] toItems, long[] toTimes) {
    for (int i = 0; i < size; i++) {
      int at = (start + i) % items.length;
      toItems[i] = items[at];
      toTimes[i] = timestamps[at];
    }
  }
}
