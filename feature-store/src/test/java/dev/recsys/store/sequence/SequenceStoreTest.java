package dev.recsys.store.sequence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recsys.store.kv.Batch;
import dev.recsys.store.kv.KeyValueStore;
import dev.recsys.store.kv.StoreKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SequenceStoreTest {
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void lastBeforeSeesOnlyEarlierEventsInTimeOrderWhateverTheArrivalOrder(StoreKind kind) {
    try (StoreKind.Reopenable store = kind.open("sequences", dir)) {
      SequenceStore sequences = new SequenceStore(store.kv());
      Batch batch = new Batch();
      sequences.append(batch, "u1", 300, 3);
      sequences.append(batch, "u1", 100, 1);   // arrives late
      sequences.append(batch, "u1", 200, 2);
      sequences.append(batch, "u1", 400, 4);
      store.kv().write(batch);

      assertEquals(new UserHistory("u1", new int[] {1, 2}, new long[] {100, 200}), sequences.lastBefore("u1", 300, 10));
      assertEquals(new UserHistory("u1", new int[] {2, 3}, new long[] {200, 300}), sequences.lastBefore("u1", 301, 2));
      assertEquals(0, sequences.lastBefore("u1", 100, 10).size());
      assertEquals(new UserHistory("u1", new int[] {3, 4}, new long[] {300, 400}), sequences.last("u1", 2));
      assertEquals(4, sequences.last("u1", Integer.MAX_VALUE).size());
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void equalTimestampsKeepArrivalOrderAndNegativeTimesComeFirst(StoreKind kind) {
    try (StoreKind.Reopenable store = kind.open("sequences", dir)) {
      SequenceStore sequences = new SequenceStore(store.kv());
      Batch batch = new Batch();
      sequences.append(batch, "u", 5, 50);
      sequences.append(batch, "u", -7, 70);
      sequences.append(batch, "u", 5, 51);
      sequences.append(batch, "u", Long.MIN_VALUE, 90);
      sequences.append(batch, "u", 0, 10);
      sequences.append(batch, "u", 5, 52);
      sequences.append(batch, "u", Long.MAX_VALUE, 99);
      store.kv().write(batch);

      UserHistory all = sequences.last("u", 100);
      assertArrayEquals(new int[] {90, 70, 10, 50, 51, 52, 99}, all.items());
      assertArrayEquals(new long[] {Long.MIN_VALUE, -7, 0, 5, 5, 5, Long.MAX_VALUE}, all.timestamps());
      assertArrayEquals(new int[] {90, 70}, sequences.lastBefore("u", 0, 100).items());
      assertArrayEquals(new int[] {51, 52}, sequences.lastBefore("u", 6, 2).items());
      assertArrayEquals(new int[] {90}, sequences.lastBefore("u", -7, 100).items());
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void unknownUsersAndUnwrittenBatchesReadEmpty(StoreKind kind) {
    try (StoreKind.Reopenable store = kind.open("sequences", dir)) {
      SequenceStore sequences = new SequenceStore(store.kv());
      Batch written = new Batch();
      sequences.append(written, "ab", 1, 1);
      store.kv().write(written);
      sequences.append(new Batch(), "a", 1, 1);   // never written

      assertEquals(new UserHistory("a", new int[0], new long[0]), sequences.last("a", 5));
      assertEquals(0, sequences.lastBefore("abc", Long.MAX_VALUE, 5).size());
      assertEquals(0, sequences.last("b", 5).size());
      assertEquals(1, sequences.last("ab", 5).size());
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void bulkScanVisitsEveryUserOnceInKeyOrderWithTheNewestEvents(StoreKind kind) {
    try (StoreKind.Reopenable store = kind.open("sequences", dir)) {
      SequenceStore sequences = new SequenceStore(store.kv());
      Batch batch = new Batch();
      for (int t = 1; t <= 5; t++) {
        sequences.append(batch, "bb", t, 10 + t);
        sequences.append(batch, "a", t, 20 + t);
        sequences.append(batch, "ab", t, 30 + t);
      }
      sequences.append(batch, "é", 1, 7);   // two UTF-8 bytes, the same length as "ab"
      store.kv().write(batch);

      List<UserHistory> seen = new ArrayList<>();
      sequences.forEachUser(3, seen::add);

      // Shorter ids first (the length comes first in the key), then by UTF-8 bytes.
      assertEquals(List.of("a", "ab", "bb", "é"), seen.stream().map(UserHistory::userId).toList());
      assertEquals(new UserHistory("a", new int[] {23, 24, 25}, new long[] {3, 4, 5}), seen.get(0));
      assertArrayEquals(new int[] {33, 34, 35}, seen.get(1).items());
      assertArrayEquals(new int[] {13, 14, 15}, seen.get(2).items());
      assertEquals(new UserHistory("é", new int[] {7}, new long[] {1}), seen.get(3));

      List<UserHistory> everything = new ArrayList<>();
      sequences.forEachUser(Integer.MAX_VALUE, everything::add);
      assertEquals(List.of(5, 5, 5, 1), everything.stream().map(UserHistory::size).toList());
      assertEquals(sequences.last("bb", 100), everything.get(2));
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void eventCounterIsPersistedWithTheEventsAndContinuesAfterReopen(StoreKind kind) {
    try (StoreKind.Reopenable store = kind.open("sequences", dir)) {
      SequenceStore sequences = new SequenceStore(store.kv());
      Batch batch = new Batch();
      sequences.append(batch, "u", 10, 1);
      sequences.append(batch, "u", 10, 2);
      assertEquals(0, sequences.events(), "not written yet");
      store.kv().write(batch);
      assertEquals(2, sequences.events());

      KeyValueStore reopened = store.reopen();
      SequenceStore again = new SequenceStore(reopened);
      assertEquals(2, again.events());
      Batch more = new Batch();
      again.append(more, "u", 10, 3);   // same time: must sort after the two written before the reopen
      reopened.write(more);
      assertEquals(3, again.events());
      assertArrayEquals(new int[] {1, 2, 3}, again.last("u", 10).items());
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void badArgumentsAreRefusedByName(StoreKind kind) {
    try (StoreKind.Reopenable store = kind.open("sequences", dir)) {
      SequenceStore sequences = new SequenceStore(store.kv());
      Batch batch = new Batch();
      assertThrows(IllegalArgumentException.class, () -> sequences.append(batch, "", 1, 1));
      IllegalArgumentException padding = assertThrows(IllegalArgumentException.class,
          () -> sequences.append(batch, "u", 1, 0));
      assertTrue(padding.getMessage().contains("item index"), padding.getMessage());
      assertThrows(IllegalArgumentException.class, () -> sequences.last("u", 0));
      assertThrows(IllegalArgumentException.class, () -> sequences.forEachUser(0, history -> {}));
      assertTrue(batch.isEmpty());
    }
  }
}
