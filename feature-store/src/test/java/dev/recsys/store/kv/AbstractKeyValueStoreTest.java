package dev.recsys.store.kv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The {@link KeyValueStore} contract; each implementation runs it through a small subclass. */
abstract class AbstractKeyValueStoreTest {
  private static final HexFormat HEX = HexFormat.of();

  protected KeyValueStore store;

  /** A new, empty store named {@code name}. */
  protected abstract KeyValueStore createStore(String name);

  @BeforeEach
  void openStore() {
    store = createStore("contract");
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  protected static byte[] bytes(String hex) {
    return HEX.parseHex(hex);
  }

  private static List<String> keys(KeyValueIterator iterator) {
    List<String> keys = new ArrayList<>();
    try (iterator) {
      iterator.forEachRemaining(entry -> keys.add(HEX.formatHex(entry.key())));
    }
    return keys;
  }

  @Test
  void getReturnsWhatWasPutUntilDeletedAndCopiesArrays() {
    byte[] key = bytes("0102");
    byte[] value = bytes("aa");
    assertNull(store.get(key));
    store.put(key, value);
    value[0] = 0;                        // the caller's array is not the stored one
    byte[] read = store.get(key);
    assertArrayEquals(bytes("aa"), read);
    read[0] = 0;
    assertArrayEquals(bytes("aa"), store.get(bytes("0102")));
    store.put(key, bytes("bbbb"));
    assertArrayEquals(bytes("bbbb"), store.get(key));
    store.delete(key);
    assertNull(store.get(key));
    store.delete(bytes("09"));           // deleting an absent key is no error
    store.put(bytes("03"), new byte[0]);
    assertArrayEquals(new byte[0], store.get(bytes("03")), "an empty value is not an absent one");
  }

  @Test
  void batchAppliesItsOperationsInOrder() {
    store.put(bytes("05"), bytes("00"));
    Batch batch = new Batch()
        .put(bytes("01"), bytes("01"))
        .delete(bytes("01"))
        .put(bytes("01"), bytes("02"))
        .put(bytes("02"), bytes("01"))
        .delete(bytes("02"))
        .delete(bytes("05"));
    assertNull(store.get(bytes("01")), "nothing before write");
    store.write(batch);
    assertArrayEquals(bytes("02"), store.get(bytes("01")));
    assertNull(store.get(bytes("02")));
    assertNull(store.get(bytes("05")));
    store.write(new Batch());            // an empty batch is no error
  }

  @Test
  void readersNeverSeeHalfABatch() throws Exception {
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicReference<String> torn = new AtomicReference<>();
    Thread reader = new Thread(() -> {
      while (writing.get() && torn.get() == null) {
        try (KeyValueIterator entries = store.range(null, null)) {
          List<String> values = new ArrayList<>();
          entries.forEachRemaining(entry -> values.add(HEX.formatHex(entry.value())));
          if (values.size() == 2 && !values.get(0).equals(values.get(1)) || values.size() == 1) {
            torn.set(values.toString());
          }
        }
      }
    });
    reader.start();
    for (int i = 0; i < 2_000 && torn.get() == null; i++) {
      byte[] value = {(byte) (i >> 8), (byte) i};
      store.write(new Batch().put(bytes("01"), value).put(bytes("02"), value));
    }
    writing.set(false);
    reader.join();
    assertNull(torn.get(), "a reader saw one key of a batch without the other");
  }

  @Test
  void keysAreOrderedAsUnsignedBytesAndRangesAreHalfOpen() {
    for (String key : List.of("ff", "0100", "80", "01", "7f", "ffff", "02")) {
      store.put(bytes(key), bytes("00"));
    }
    assertEquals(List.of("01", "0100", "02", "7f", "80", "ff", "ffff"), keys(store.range(null, null)));
    assertEquals(List.of("ffff", "ff", "80", "7f", "02", "0100", "01"), keys(store.reverseRange(null, null)));
    assertEquals(List.of("0100", "02", "7f"), keys(store.range(bytes("0100"), bytes("80"))));
    assertEquals(List.of("7f", "02", "0100"), keys(store.reverseRange(bytes("0100"), bytes("80"))));
    assertEquals(List.of("01", "0100"), keys(store.range(null, bytes("02"))));
    assertEquals(List.of("0100", "01"), keys(store.reverseRange(null, bytes("02"))));
    assertEquals(List.of("80", "ff", "ffff"), keys(store.range(bytes("80"), null)));
    assertEquals(List.of("ffff", "ff", "80"), keys(store.reverseRange(bytes("7f01"), null)));
    assertEquals(List.of("01", "0100"), keys(store.range(bytes("0001"), bytes("0101"))));
    assertEquals(List.of(), keys(store.range(bytes("02"), bytes("02"))));
    assertEquals(List.of(), keys(store.range(bytes("80"), bytes("02"))));
    assertEquals(List.of(), keys(store.reverseRange(bytes("80"), bytes("02"))));
    assertEquals(List.of(), keys(store.range(bytes("03"), bytes("7e"))));
  }

  @Test
  void iteratorsFailOnceClosedAndMayBeClosedTwice() {
    store.put(bytes("01"), bytes("00"));
    store.put(bytes("02"), bytes("00"));
    KeyValueIterator iterator = store.range(null, null);
    assertArrayEquals(bytes("01"), iterator.next().key());
    iterator.close();
    iterator.close();
    assertThrows(StoreException.class, iterator::hasNext);

    KeyValueIterator exhausted = store.range(bytes("02"), null);
    exhausted.next();
    assertFalse(exhausted.hasNext());
    assertThrows(java.util.NoSuchElementException.class, exhausted::next);
    exhausted.close();
  }

  @Test
  void aClosedStoreSaysSoInEveryOperationAndClosesItsIterators() {
    store.put(bytes("01"), bytes("00"));
    store.put(bytes("02"), bytes("00"));
    KeyValueIterator open = store.range(null, null);
    open.next();
    store.close();
    store.close();
    List<Executable> operations = List.of(
        () -> store.get(bytes("01")),
        () -> store.put(bytes("01"), bytes("00")),
        () -> store.delete(bytes("01")),
        () -> store.write(new Batch().put(bytes("01"), bytes("00"))),
        () -> store.range(null, null),
        () -> store.reverseRange(null, null),
        () -> store.approximateBytes(null, null),
        store::flush,
        open::hasNext);
    for (Executable operation : operations) {
      StoreException error = assertThrows(StoreException.class, operation);
      assertTrue(error.getMessage().contains("'contract'") && error.getMessage().contains("closed"),
          error.getMessage());
      assertTrue(error.getMessage().contains(store.location()), error.getMessage());
    }
    open.close();
  }

  @Test
  void approximateBytesCountsWrittenEntries() {
    for (int i = 0; i < 1_000; i++) {
      store.put(new byte[] {0x10, (byte) (i >> 8), (byte) i}, ("value-" + i).getBytes());
    }
    store.flush();
    long all = store.approximateBytes(null, null);
    long ours = store.approximateBytes(bytes("10"), bytes("11"));
    assertTrue(ours > 0, "bytes of the written range: " + ours);
    assertTrue(all >= ours, all + " < " + ours);
    assertEquals(0, store.approximateBytes(bytes("11"), bytes("10")));
  }
}
