package dev.recsys.store.sequence;

import dev.recsys.store.kv.Batch;
import dev.recsys.store.kv.KeySpace;
import dev.recsys.store.kv.KeyValue;
import dev.recsys.store.kv.KeyValueIterator;
import dev.recsys.store.kv.KeyValueStore;
import dev.recsys.store.kv.StoreException;
import dev.recsys.store.kv.Varint;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Every user's events (item index and timestamp) in time order, over a {@link KeyValueStore} under
 * {@link KeySpace#SEQUENCE_EVENTS} (key layout: {@link SequenceKeys}; value: the item index as a
 * varint). Reads are point-in-time: {@link #lastBefore} sees only events older than a given time,
 * however late they arrived.
 *
 * <p>One writer. The event counter lives in memory and is written into each append's batch, so it
 * is persisted atomically with the events it counts; a batch given to {@link #append} must
 * therefore be written (or the store reopened) before the next one is built.
 */
public final class SequenceStore {
  private static final byte[] EVENTS_KEY = KeySpace.SEQUENCE_COUNTERS.key(new byte[] {'e'});

  private final KeyValueStore kv;
  private long events;

  public SequenceStore(KeyValueStore kv) {
    this.kv = Objects.requireNonNull(kv, "kv");
    this.events = readCounter(kv);
  }

  /**
   * Adds an event to {@code batch}; it becomes visible when the batch is written.
   *
   * @param item a vocabulary index, >= 1 (0 is padding)
   */
  public void append(Batch batch, String userId, long timestamp, int item) {
    if (userId == null || userId.isEmpty()) {
      throw new IllegalArgumentException("userId must not be empty");
    }
    if (item < 1) {
      throw new IllegalArgumentException("item index must be >= 1 (0 is padding), got " + item);
    }
    events++;
    batch.put(SequenceKeys.eventKey(SequenceKeys.userPrefix(userId), timestamp, events), Varint.encode(item));
    batch.put(EVENTS_KEY, ByteBuffer.allocate(Long.BYTES).putLong(events).array());
  }

  /** The user's newest {@code n} events with a timestamp before {@code timeExclusive}, oldest first. */
  public UserHistory lastBefore(String userId, long timeExclusive, int n) {
    byte[] prefix = SequenceKeys.userPrefix(userId);
    return newest(userId, prefix, SequenceKeys.timeBound(prefix, timeExclusive), n);
  }

  /** The user's newest {@code n} events, oldest first; empty for an unknown user. */
  public UserHistory last(String userId, int n) {
    byte[] prefix = SequenceKeys.userPrefix(userId);
    return newest(userId, prefix, KeySpace.prefixEnd(prefix), n);
  }

  /**
   * Hands every user's newest {@code lastN} events to {@code action}, users in key order (by the
   * length of the id, then its bytes). One pass over the store holding one user's events at a time.
   */
  public void forEachUser(int lastN, Consumer<UserHistory> action) {
    requirePositive(lastN);
    try (KeyValueIterator entries = kv.range(KeySpace.SEQUENCE_EVENTS.start(), KeySpace.SEQUENCE_EVENTS.end())) {
      RecentEvents recent = new RecentEvents(lastN);
      byte[] user = null;
      int userLength = 0;
      while (entries.hasNext()) {
        KeyValue entry = entries.next();
        byte[] key = entry.key();
        int prefixLength = SequenceKeys.userPrefixLength(key);
        if (user == null || prefixLength != userLength || !Arrays.equals(key, 0, prefixLength, user, 0, userLength)) {
          if (user != null) {
            action.accept(recent.drain(SequenceKeys.userId(user, userLength)));
          }
          user = key;
          userLength = prefixLength;
        }
        recent.add(SequenceKeys.timestamp(key, prefixLength), item(entry));
      }
      if (user != null) {
        action.accept(recent.drain(SequenceKeys.userId(user, userLength)));
      }
    }
  }

  /** Events appended and written, over the store's lifetime. */
  public long events() {
    return readCounter(kv);
  }

  /** Bytes the events take (on disk for RocksDB, after a flush). */
  public long approximateBytes() {
    return kv.approximateBytes(KeySpace.SEQUENCE_EVENTS.start(), KeySpace.SEQUENCE_EVENTS.end());
  }

  private UserHistory newest(String userId, byte[] from, byte[] to, int n) {
    requirePositive(n);
    int[] items = new int[Math.min(n, 16)];
    long[] timestamps = new long[items.length];
    int count = 0;
    try (KeyValueIterator entries = kv.reverseRange(from, to)) {
      while (count < n && entries.hasNext()) {
        KeyValue entry = entries.next();
        if (count == items.length) {
          int grown = (int) Math.min(n, 2L * items.length);
          items = Arrays.copyOf(items, grown);
          timestamps = Arrays.copyOf(timestamps, grown);
        }
        items[count] = item(entry);
        timestamps[count] = SequenceKeys.timestamp(entry.key(), from.length);
        count++;
      }
    }
    int[] oldestFirstItems = new int[count];
    long[] oldestFirstTimes = new long[count];
    for (int i = 0; i < count; i++) {
      oldestFirstItems[i] = items[count - 1 - i];
      oldestFirstTimes[i] = timestamps[count - 1 - i];
    }
    return new UserHistory(userId, oldestFirstItems, oldestFirstTimes);
  }

  private int item(KeyValue entry) {
    try {
      return Varint.read(entry.value(), 0);
    } catch (IllegalArgumentException e) {
      throw new StoreException(kv.name(), kv.location(), "damaged sequence entry "
          + Arrays.toString(entry.key()) + ": " + e.getMessage(), e);
    }
  }

  private static long readCounter(KeyValueStore kv) {
    byte[] value = kv.get(EVENTS_KEY);
    if (value == null) {
      return 0;
    }
    if (value.length != Long.BYTES) {
      throw new StoreException(kv.name(), kv.location(), "damaged sequence event counter: "
          + value.length + " bytes, expected " + Long.BYTES);
    }
    return ByteBuffer.wrap(value).getLong();
  }

  private static void requirePositive(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("number of events must be >= 1, got " + n);
    }
  }
}
