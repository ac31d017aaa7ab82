package dev.recsys.store.kv;

/**
 * Unsigned LEB128 integers (7 bits a byte, low bits first): small numbers such as item indexes and
 * id lengths take one or two bytes instead of four. Not order-preserving, so only for values and
 * for lengths that precede the bytes they measure.
 */
public final class Varint {
  private Varint() {}

  /** Bytes {@link #write} uses for {@code value} (>= 0). */
  public static int size(int value) {
    requireNonNegative(value);
    int size = 1;
    while ((value >>>= 7) != 0) {
      size++;
    }
    return size;
  }

  /** Writes {@code value} (>= 0) at {@code offset}; returns the offset after it. */
  public static int write(int value, byte[] target, int offset) {
    requireNonNegative(value);
    while ((value & ~0x7F) != 0) {
      target[offset++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    target[offset++] = (byte) value;
    return offset;
  }

  public static byte[] encode(int value) {
    byte[] bytes = new byte[size(value)];
    write(value, bytes, 0);
    return bytes;
  }

  /**
   * Reads the number at {@code offset}.
   *
   * @throws IllegalArgumentException if the bytes end early or encode more than 31 bits
   */
  public static int read(byte[] source, int offset) {
    int value = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      if (offset >= source.length) {
        throw new IllegalArgumentException("varint cut off at byte " + offset + " of " + source.length);
      }
      byte b = source[offset++];
      if (shift == 28 && (b & 0xF8) != 0) {
        break; // bits beyond the 31 an int holds, or a sixth byte
      }
      value |= (b & 0x7F) << shift;
      if (b >= 0) {
        return value;
      }
    }
    throw new IllegalArgumentException("varint ending at byte " + offset + " does not fit an int");
  }

  private static void requireNonNegative(int value) {
    if (value < 0) {
      throw new IllegalArgumentException("varint of a negative number: " + value);
    }
  }
}
