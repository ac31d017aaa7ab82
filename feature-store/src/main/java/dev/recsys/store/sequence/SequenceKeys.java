package dev.recsys.store.sequence;

import dev.recsys.store.kv.KeySpace;
import dev.recsys.store.kv.Varint;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The key of one event: {@code prefix | varint length | UTF-8 user id | timestamp | sequence}.
 *
 * <ul>
 *   <li>The length before the id keeps users apart ({@link KeySpace#keyWithText}): a user's
 *       events are one contiguous range.
 *   <li>The timestamp is 8 bytes big-endian with the sign bit flipped, so that unsigned byte order
 *       is numeric order for negative times too, and "newest before t" is one reverse seek.
 *   <li>The sequence number (the store's event counter at the time of the append) makes keys
 *       unique and keeps events with equal timestamps in arrival order. It is order-preserving yet
 *       short: one length byte, then the number's significant bytes big-endian (a longer number
 *       is always a larger one).
 * </ul>
 */
final class SequenceKeys {
  static final int TIMESTAMP_BYTES = 8;

  private SequenceKeys() {}

  /** The bytes every key of {@code userId}'s events starts with. */
  static byte[] userPrefix(String userId) {
    return KeySpace.SEQUENCE_EVENTS.keyWithText(userId);
  }

  /** The key of an event: unique, ordered by (user, timestamp, sequence). */
  static byte[] eventKey(byte[] userPrefix, long timestamp, long sequence) {
    int sequenceBytes = (Long.SIZE - Long.numberOfLeadingZeros(sequence) + 7) / 8;
    byte[] key = Arrays.copyOf(userPrefix, userPrefix.length + TIMESTAMP_BYTES + 1 + sequenceBytes);
    int offset = writeTimestamp(timestamp, key, userPrefix.length);
    key[offset++] = (byte) sequenceBytes;
    for (int shift = 8 * (sequenceBytes - 1); shift >= 0; shift -= 8) {
      key[offset++] = (byte) (sequence >>> shift);
    }
    return key;
  }

  /** Sorts before every event of the user at {@code timestamp} and after every earlier one. */
  static byte[] timeBound(byte[] userPrefix, long timestamp) {
    byte[] key = Arrays.copyOf(userPrefix, userPrefix.length + TIMESTAMP_BYTES);
    writeTimestamp(timestamp, key, userPrefix.length);
    return key;
  }

  /** The length of the user prefix {@code key} starts with. */
  static int userPrefixLength(byte[] key) {
    int idLength = Varint.read(key, 1);
    return 1 + Varint.size(idLength) + idLength;
  }

  static String userId(byte[] key, int userPrefixLength) {
    int idLength = Varint.read(key, 1);
    return new String(key, userPrefixLength - idLength, idLength, StandardCharsets.UTF_8);
  }

  static long timestamp(byte[] key, int userPrefixLength) {
    long encoded = 0;
    for (int i = 0; i < TIMESTAMP_BYTES; i++) {
      encoded = (encoded << 8) | (key[userPrefixLength + i] & 0xFF);
    }
    return encoded ^ Long.MIN_VALUE;
  }

  private static int writeTimestamp(long timestamp, byte[] key, int offset) {
    long encoded = timestamp ^ Long.MIN_VALUE;
    for (int shift = 56; shift >= 0; shift -= 8) {
      key[offset++] = (byte) (encoded >>> shift);
    }
    return offset;
  }
}
