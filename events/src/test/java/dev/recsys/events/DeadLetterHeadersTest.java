package dev.recsys.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeadLetterHeadersTest {
  @Test
  void namesEveryHeaderInOrderAndCutsLongDetails() {
    Map<String, String> headers = DeadLetterHeaders.of(RejectionReason.KEY_MISMATCH, "x".repeat(600), "t", 3, 42, 1000, 2000);
    assertEquals(List.of(DeadLetterHeaders.REASON, DeadLetterHeaders.DETAIL, DeadLetterHeaders.SOURCE_TOPIC,
        DeadLetterHeaders.SOURCE_PARTITION, DeadLetterHeaders.SOURCE_OFFSET, DeadLetterHeaders.SOURCE_TIMESTAMP,
        DeadLetterHeaders.REJECTED_AT), List.copyOf(headers.keySet()));
    assertEquals("key-mismatch", headers.get(DeadLetterHeaders.REASON));
    assertEquals(DeadLetterHeaders.MAX_DETAIL_CHARS, headers.get(DeadLetterHeaders.DETAIL).length());
    assertEquals("x".repeat(DeadLetterHeaders.MAX_DETAIL_CHARS - 3) + "...", headers.get(DeadLetterHeaders.DETAIL));
    assertEquals(List.of("t", "3", "42", "1000", "2000"), List.of(headers.get(DeadLetterHeaders.SOURCE_TOPIC),
        headers.get(DeadLetterHeaders.SOURCE_PARTITION), headers.get(DeadLetterHeaders.SOURCE_OFFSET),
        headers.get(DeadLetterHeaders.SOURCE_TIMESTAMP), headers.get(DeadLetterHeaders.REJECTED_AT)));
  }

  @Test
  void leavesTheSourceOutWhenItIsUnknown() {
    Map<String, String> headers = DeadLetterHeaders.of(RejectionReason.NOT_JSON, "short", null, -1, -1, 5, 6);
    assertEquals("short", headers.get(DeadLetterHeaders.DETAIL));
    assertEquals(List.of(DeadLetterHeaders.REASON, DeadLetterHeaders.DETAIL, DeadLetterHeaders.SOURCE_TIMESTAMP,
        DeadLetterHeaders.REJECTED_AT), List.copyOf(headers.keySet()));
  }
}
