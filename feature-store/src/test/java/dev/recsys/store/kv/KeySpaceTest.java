package dev.recsys.store.kv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class KeySpaceTest {
  @Test
  void everySpaceHasItsOwnPrefix() {
    long distinct = Arrays.stream(KeySpace.values()).map(KeySpace::prefix).distinct().count();
    assertEquals(KeySpace.values().length, distinct);
  }

  @Test
  void prefixEndCarriesPastFfBytes() {
    assertArrayEquals(new byte[] {1, 3}, KeySpace.prefixEnd(new byte[] {1, 2}));
    assertArrayEquals(new byte[] {2}, KeySpace.prefixEnd(new byte[] {1, (byte) 0xFF, (byte) 0xFF}));
    assertNull(KeySpace.prefixEnd(new byte[] {(byte) 0xFF}));
    assertArrayEquals(new byte[] {0x21}, KeySpace.VOCABULARY_BY_ID.end());
  }

  @Test
  void varintRoundTripsAndRejectsWhatDoesNotFit() {
    for (int value : new int[] {0, 1, 127, 128, 16_383, 16_384, Integer.MAX_VALUE}) {
      byte[] bytes = Varint.encode(value);
      assertEquals(Varint.size(value), bytes.length);
      assertEquals(value, Varint.read(bytes, 0));
    }
    assertEquals(1, Varint.encode(127).length);
    assertEquals(5, Varint.encode(Integer.MAX_VALUE).length);
    assertThrows(IllegalArgumentException.class, () -> Varint.encode(-1));
    assertThrows(IllegalArgumentException.class, () -> Varint.read(new byte[] {(byte) 0x80}, 0));
    byte[] tooBig = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F};
    assertThrows(IllegalArgumentException.class, () -> Varint.read(tooBig, 0));
  }
}
