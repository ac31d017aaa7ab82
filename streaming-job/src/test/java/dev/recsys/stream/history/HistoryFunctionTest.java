package dev.recsys.stream.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.recsys.events.UserAction;
import dev.recsys.stream.kafka.SourcedAction;
import dev.recsys.stream.scoring.ScoringRequest;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The keyed history function record by record, on the RocksDB state backend. */
class HistoryFunctionTest {
  private static final Duration TTL = Duration.ofMinutes(10);
  private long offset;

  private static KeyedOneInputStreamOperatorTestHarness<String, SourcedAction, ScoringRequest> harness(int maxLength)
      throws Exception {
    KeyedOneInputStreamOperatorTestHarness<String, SourcedAction, ScoringRequest> harness =
        new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new HistoryFunction(maxLength, TTL)),
            action -> action.action().userId(), Types.STRING);
    harness.setStateBackend(new EmbeddedRocksDBStateBackend());
    return harness;
  }

  private SourcedAction event(String user, String item) {
    return new SourcedAction(UserAction.of(user, item, "view", 1_000_000L + offset), 2, offset++);
  }

  private static List<String> histories(KeyedOneInputStreamOperatorTestHarness<String, SourcedAction, ScoringRequest> h) {
    return h.extractOutputValues().stream()
        .map(r -> r.userId() + ":" + String.join(",", r.history()))
        .collect(Collectors.toList());
  }

  @Test
  void keepsEachUsersNewestItemsInOrderAndAsksForOneScoringPerEvent() throws Exception {
    try (var h = harness(3)) {
      h.open();
      for (String[] e : new String[][] {{"u1", "a"}, {"u2", "x"}, {"u1", "b"}, {"u1", "c"}, {"u1", "d"}, {"u2", "y"}}) {
        h.processElement(event(e[0], e[1]), 0);
      }
      assertEquals(List.of("u1:a", "u2:x", "u1:a,b", "u1:a,b,c", "u1:b,c,d", "u2:x,y"), histories(h));
      ScoringRequest last = h.extractOutputValues().get(5);
      assertEquals(5, last.offset());
      assertEquals(2, last.partition());
      assertEquals(1_000_005L, last.eventTime());
      assertEquals(0, h.numProcessingTimeTimers());
      assertEquals(0, h.numEventTimeTimers());
    }
  }

  @Test
  void repeatedItemsStayInTheHistory() throws Exception {
    try (var h = harness(4)) {
      h.open();
      for (String item : List.of("a", "b", "a", "a")) {
        h.processElement(event("u", item), 0);
      }
      assertEquals("u:a,b,a,a", histories(h).get(3));
    }
  }

  @Test
  void aHistoryIsDroppedWhenItsTimeToLiveHasPassed() throws Exception {
    try (var h = harness(5)) {
      h.open();
      h.setStateTtlProcessingTime(0);
      h.processElement(event("u1", "a"), 0);
      h.processElement(event("u2", "p"), 0);
      h.setStateTtlProcessingTime(TTL.toMillis() - 1);
      h.processElement(event("u1", "b"), 0); // refreshes u1's TTL, not u2's
      h.setStateTtlProcessingTime(TTL.toMillis() + 1);
      h.processElement(event("u2", "q"), 0);
      h.processElement(event("u1", "c"), 0);
      assertEquals(List.of("u1:a", "u2:p", "u1:a,b", "u2:q", "u1:a,b,c"), histories(h));
      h.setStateTtlProcessingTime(3 * TTL.toMillis());
      h.processElement(event("u1", "d"), 0);
      assertEquals("u1:d", histories(h).get(5));
    }
  }

  @Test
  void historiesSurviveASnapshotAndRestore() throws Exception {
    OperatorSubtaskState snapshot;
    try (var h = harness(3)) {
      h.open();
      h.processElement(event("u1", "a"), 0);
      h.processElement(event("u1", "b"), 0);
      snapshot = h.snapshot(1, 0);
      h.processElement(event("u1", "lost"), 0); // after the checkpoint: replayed from Kafka on restore
    }
    try (var h = harness(3)) {
      h.initializeState(snapshot);
      h.open();
      h.processElement(event("u1", "c"), 0);
      assertEquals(List.of("u1:a,b,c"), histories(h));
    }
  }
}
