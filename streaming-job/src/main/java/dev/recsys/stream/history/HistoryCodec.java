package dev.recsys.stream.history;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A user's history as one compact byte value in RocksDB: a varint count, then each item id as a
 * varint length and its UTF-8 bytes, oldest first. External ids rather than model indices, so a new
 * model with a larger vocabulary reads the same state. One value per user (not a ListState) because
 * scoring needs the whole history after every event, and one RocksDB get beats a prefix scan.
 */
public final class HistoryCodec {
  private HistoryCodec() {}

  public static byte[] encode(List<String> items) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1 + items.size() * 6);
    writeVarint(out, items.size());
    for (String item : items) {
      byte[] bytes = item.getBytes(StandardCharsets.UTF_8);
      writeVarint(out, bytes.length);
      out.write(bytes, 0, bytes.length);
    }
    return out.toByteArray();
  }

  /** The item ids of {@code bytes}; an absent value (null) is an empty history. */
  public static List<String> decode(byte[] bytes) {
    if (bytes == null) {
      return new ArrayList<>();
    }
    int[] position = {0};
    int count = readVarint(bytes, position);
    List<String> items = new ArrayList<>(count + 1);
    for (int i = 0; i < count; i++) {
      int length = readVarint(bytes, position);
      if (length > bytes.length - position[0]) {
        throw new IllegalStateException("history state is corrupted: item " + i + " runs past the end");
      }
      items.add(new String(bytes, position[0], length, StandardCharsets.UTF_8));
      position[0] += length;
    }
    return items;
  }

  private static void writeVarint(ByteArrayOutputStream out, int value) {
    while ((value & ~0x7F) != 0) {
      out.write((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    out.write(value);
  }

  private static int readVarint(byte[] bytes, int[] position) {
    int value = 0;
    for (int shift = 0; shift < 32; shift += 7) {
      if (position[0] >= bytes.length) {
        throw new IllegalStateException("history state is corrupted: truncated length");
      }
      byte b = bytes[position[0]++];
      value |= (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new IllegalStateException("history state is corrupted: length longer than 5 bytes");
  }
}
