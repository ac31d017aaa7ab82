package dev.recsys.store.kv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksDbStoreTest extends AbstractKeyValueStoreTest {
  @TempDir Path dir;

  @Override
  protected KeyValueStore createStore(String name) {
    return RocksDbStore.open(name, dir.resolve("contract"));
  }

  private static void fill(KeyValueStore target, int entries) {
    Batch batch = new Batch();
    for (int i = 0; i < entries; i++) {
      batch.put(("key-" + i).getBytes(StandardCharsets.UTF_8), ("value-" + i).getBytes(StandardCharsets.UTF_8));
    }
    target.write(batch);
  }

  @Test
  void dataSurvivesReopeningAndMissingParentsAreCreated() {
    Path nested = dir.resolve("a/b/store");
    try (RocksDbStore first = RocksDbStore.open("reopen", nested)) {
      fill(first, 10);
    }
    try (RocksDbStore again = RocksDbStore.open("reopen", nested)) {
      assertArrayEquals("value-7".getBytes(StandardCharsets.UTF_8), again.get("key-7".getBytes(StandardCharsets.UTF_8)));
    }
  }

  @Test
  void aSecondOpenOfTheSameDirectorySaysItIsInUse() {
    Path shared = dir.resolve("locked");
    try (RocksDbStore first = RocksDbStore.open("first", shared)) {
      StoreException busy = assertThrows(StoreException.class, () -> RocksDbStore.open("second", shared));
      assertTrue(busy.getMessage().contains("in use by another process"), busy.getMessage());
      assertTrue(busy.getMessage().contains("'second'") && busy.getMessage().contains(shared.toString()),
          busy.getMessage());
      first.put(new byte[] {1}, new byte[] {1});   // the first one still works
    }
  }

  @Test
  void aDamagedCurrentFileIsReportedAsDamage() throws IOException {
    Path damaged = dir.resolve("current");
    try (RocksDbStore store = RocksDbStore.open("damaged", damaged)) {
      fill(store, 10);
    }
    Files.writeString(damaged.resolve("CURRENT"), "garbage");
    StoreException error = assertThrows(StoreException.class, () -> RocksDbStore.open("damaged", damaged));
    assertTrue(error.getMessage().contains("damaged"), error.getMessage());
  }

  @Test
  void aDamagedTableFileIsReportedAsDamage() throws IOException {
    Path damaged = dir.resolve("sst");
    try (RocksDbStore store = RocksDbStore.open("damaged", damaged)) {
      fill(store, 1_000);
      store.flush();
    }
    List<Path> tables;
    try (Stream<Path> files = Files.list(damaged)) {
      tables = files.filter(file -> file.toString().endsWith(".sst")).toList();
    }
    assertEquals(1, tables.size(), "one flush, one table file: " + tables);
    byte[] garbage = new byte[(int) Files.size(tables.get(0))];   // same size: only the content is wrong
    java.util.Arrays.fill(garbage, (byte) 0x5A);
    Files.write(tables.get(0), garbage);
    StoreException error = assertThrows(StoreException.class, () -> {
      try (RocksDbStore store = RocksDbStore.open("damaged", damaged)) {
        store.get("key-1".getBytes(StandardCharsets.UTF_8));
      }
    });
    assertTrue(error.getMessage().contains("damaged"), error.getMessage());
  }

  @Test
  void aReadOnlyViewReadsButRefusesWritesWhileTheWriterRuns() {
    Path shared = dir.resolve("read-only");
    try (RocksDbStore writer = RocksDbStore.open("writer", shared)) {
      fill(writer, 5);
      writer.flush();
      try (RocksDbStore reader = RocksDbStore.openReadOnly("reader", shared)) {
        assertArrayEquals("value-3".getBytes(StandardCharsets.UTF_8), reader.get("key-3".getBytes(StandardCharsets.UTF_8)));
        StoreException refused = assertThrows(StoreException.class, () -> reader.put(new byte[] {1}, new byte[] {1}));
        assertTrue(refused.getMessage().contains("put"), refused.getMessage());
      }
    }
    StoreException missing = assertThrows(StoreException.class,
        () -> RocksDbStore.openReadOnly("reader", dir.resolve("nothing-here")));
    assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
  }

  @Test
  void compactionKeepsTheDataAndReclaimsOverwrittenEntries() {
    try (RocksDbStore store = RocksDbStore.open("compact", dir.resolve("compact"))) {
      for (int round = 0; round < 5; round++) {
        fill(store, 2_000);
        store.flush();
      }
      long before = store.approximateBytes(null, null);
      store.compact();
      long after = store.approximateBytes(null, null);
      assertTrue(after > 0 && after < before, "before " + before + ", after " + after);
      assertArrayEquals("value-1999".getBytes(StandardCharsets.UTF_8),
          store.get("key-1999".getBytes(StandardCharsets.UTF_8)));
    }
  }
}
