package dev.recsys.stream.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryCodecTest {
  @Test
  void roundTripsIdsOfAnyLengthAndScript() {
    List<String> items = new ArrayList<>(List.of("1", "m1193", "", "é-ü-日本", "x".repeat(300)));
    assertEquals(items, HistoryCodec.decode(HistoryCodec.encode(items)));
    assertEquals(List.of(), HistoryCodec.decode(null));
    assertEquals(List.of(), HistoryCodec.decode(HistoryCodec.encode(List.of())));
  }

  @Test
  void isCompact() {
    // ML-1M item ids are 1-4 digits: one length byte plus the digits each, one count byte.
    List<String> items = List.of("1", "22", "333", "4444");
    assertEquals(1 + (1 + 1) + (1 + 2) + (1 + 3) + (1 + 4), HistoryCodec.encode(items).length);
  }

  @Test
  void refusesCorruptedState() {
    byte[] bytes = HistoryCodec.encode(List.of("abc", "def"));
    byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 2);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> HistoryCodec.decode(truncated));
    assertEquals("history state is corrupted: item 1 runs past the end", e.getMessage());
  }
}
