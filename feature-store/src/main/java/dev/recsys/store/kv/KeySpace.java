package dev.recsys.store.kv;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The key prefixes of the typed stores that share one {@link KeyValueStore}, declared in one place
 * so that two stores can never claim the same byte. A prefix is never reused or renumbered: data
 * written under it stays on disk across versions.
 */
public enum KeySpace {
  /** SequenceStore: one entry per event. */
  SEQUENCE_EVENTS(0x10),
  /** SequenceStore: its event counter. */
  SEQUENCE_COUNTERS(0x11),
  /** VocabularyStore: external item id to dense index. */
  VOCABULARY_BY_ID(0x20),
  /** VocabularyStore: dense index to external item id, in index order. */
  VOCABULARY_BY_INDEX(0x21),
  /** RecommendationStore: the latest recommendations per user. */
  RECOMMENDATIONS(0x30),
  /** TopicFeed: the next offset to read per topic-partition. */
  FEED_OFFSETS(0x40);

  private final byte prefix;

  KeySpace(int prefix) {
    this.prefix = (byte) prefix;
  }

  public byte prefix() {
    return prefix;
  }

  /** The first key of this space (inclusive range bound). */
  public byte[] start() {
    return new byte[] {prefix};
  }

  /** The first key after this space (exclusive range bound). */
  public byte[] end() {
    return prefixEnd(start());
  }

  /** {@code prefix} followed by {@code rest}. */
  public byte[] key(byte[] rest) {
    byte[] key = new byte[1 + rest.length];
    key[0] = prefix;
    System.arraycopy(rest, 0, key, 1, rest.length);
    return key;
  }

  /**
   * {@code prefix}, the UTF-8 length of {@code text} as a varint, then its bytes: the start of the
   * keys of one user or topic. The length keeps "ab" from being a prefix of "abc", so each text's
   * keys form one contiguous range that holds no other text's.
   */
  public byte[] keyWithText(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    byte[] key = new byte[1 + Varint.size(bytes.length) + bytes.length];
    key[0] = prefix;
    int offset = Varint.write(bytes.length, key, 1);
    System.arraycopy(bytes, 0, key, offset, bytes.length);
    return key;
  }

  /**
   * The smallest key greater than every key that starts with {@code prefix}, for use as an
   * exclusive upper bound; null (no bound) when the prefix is all 0xFF bytes.
   */
  public static byte[] prefixEnd(byte[] prefix) {
    for (int i = prefix.length - 1; i >= 0; i--) {
      if (prefix[i] != (byte) 0xFF) {
        byte[] end = Arrays.copyOf(prefix, i + 1);
        end[i]++;
        return end;
      }
    }
    return null;
  }
}
