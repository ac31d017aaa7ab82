package dev.recsys.retrain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.recsys.events.UserAction;
import dev.recsys.events.UserActionJson;
import dev.recsys.model.data.UserSequence;
import dev.recsys.store.kv.Batch;
import dev.recsys.store.kv.InMemoryStore;
import dev.recsys.store.sequence.SequenceStore;
import dev.recsys.store.vocabulary.VocabularyStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The replay handler and the read-back, on the in-memory store (the broker tests use RocksDB). */
class TrainingDataTest {
  private static final long T0 = 1_700_000_000_000L;

  private final InMemoryStore kv = new InMemoryStore("test");
  private final SequenceStore sequences = new SequenceStore(kv);
  private final VocabularyStore vocabulary = new VocabularyStore(kv);
  private final ActionReplay replay = new ActionReplay(sequences, vocabulary, Clock.systemUTC());
  private long offset;

  private void apply(byte[] value) {
    Batch batch = new Batch();
    replay.apply(new ConsumerRecord<>("actions", 0, offset++, null, value), batch);
    kv.write(batch);
  }

  private void event(String user, String item, long time) {
    apply(UserActionJson.toBytes(UserAction.of(user, item, "view", time)));
  }

  @Test
  void keepsEachUsersNewestEventsAndCountsPopularityOverAll() {
    for (int i = 0; i < 6; i++) {
      event("u1", "i" + i, T0 + i);
    }
    event("u2", "i0", T0);
    event("u2", "i5", T0 + 1);

    TrainingData data = TrainingData.read(sequences, vocabulary, 4);

    assertEquals(List.of("i0", "i1", "i2", "i3", "i4", "i5"), data.items().ids());
    assertEquals(8, data.events());
    assertEquals(List.of("u1", "u2"), data.users().stream().map(UserSequence::userId).toList());
    assertArrayEquals(new int[] {3, 4, 5, 6}, data.users().get(0).items());
    assertArrayEquals(new int[] {1, 6}, data.users().get(1).items());
    assertArrayEquals(new long[] {0, 2, 1, 1, 1, 1, 2}, data.popularity());
  }

  @Test
  void eventsAreInEventTimeOrderWhateverTheirArrivalOrder() {
    event("u1", "late", T0 + 10);
    event("u1", "early", T0 + 1);
    TrainingData data = TrainingData.read(sequences, vocabulary, 10);
    assertArrayEquals(new int[] {2, 1}, data.users().get(0).items());
  }

  @Test
  void recordsThatBreakTheContractAreCountedWithExamplesAndSkipped() {
    event("u1", "a", T0);
    apply("not json".getBytes(StandardCharsets.UTF_8));
    apply("{\"userId\":\"u1\"}".getBytes(StandardCharsets.UTF_8));
    apply(null);
    event("u1", "b", T0 + 1);
    // Any action type passes: the validator may have been told to accept it.
    apply(UserActionJson.toBytes(UserAction.of("u1", "c", "wishlist", T0 + 2)));

    assertEquals(3, replay.accepted());
    assertEquals(Map.of("not-json", 1L, "missing-field", 1L, "empty-payload", 1L), replay.rejected());
    assertEquals(3, replay.examples().size());
    assertEquals("actions-0@1 not-json", replay.examples().get(0).substring(0, "actions-0@1 not-json".length()));
    assertEquals(3, sequences.events());
  }
}
