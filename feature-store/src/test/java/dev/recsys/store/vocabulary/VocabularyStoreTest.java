package dev.recsys.store.vocabulary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recsys.store.kv.Batch;
import dev.recsys.store.kv.KeySpace;
import dev.recsys.store.kv.KeyValueStore;
import dev.recsys.store.kv.StoreException;
import dev.recsys.store.kv.StoreKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class VocabularyStoreTest {
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void newIdsGetTheNextIndexAndKnownIdsKeepTheirs(StoreKind kind) {
    try (StoreKind.Reopenable store = kind.open("vocabulary", dir)) {
      VocabularyStore vocabulary = new VocabularyStore(store.kv());
      Batch batch = new Batch();
      assertEquals(1, vocabulary.getOrAdd(batch, "m10"));
      assertEquals(2, vocabulary.getOrAdd(batch, "m2"));
      assertEquals(1, vocabulary.getOrAdd(batch, "m10"));
      assertEquals(2, vocabulary.indexOf("m2"), "visible before the batch is written");
      assertEquals(0, vocabulary.indexOf("m3"));
      assertEquals("m10", vocabulary.idOf(1));
      assertEquals(List.of("m10", "m2"), vocabulary.ids());
      assertEquals(2, vocabulary.size());
      assertThrows(IllegalArgumentException.class, () -> vocabulary.idOf(0));
      assertThrows(IllegalArgumentException.class, () -> vocabulary.idOf(3));
      assertThrows(IllegalArgumentException.class, () -> vocabulary.getOrAdd(batch, ""));
      assertEquals(4, batch.size(), "two key spaces per new id");
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void indexesAreStableAcrossReopen(StoreKind kind) {
    try (StoreKind.Reopenable store = kind.open("vocabulary", dir)) {
      VocabularyStore vocabulary = new VocabularyStore(store.kv());
      Batch batch = new Batch();
      for (int i = 0; i < 300; i++) {   // past the initial capacity and one varint byte
        vocabulary.getOrAdd(batch, "item-" + i);
      }
      store.kv().write(batch);
      vocabulary.getOrAdd(new Batch(), "never-written");

      KeyValueStore reopened = store.reopen();
      VocabularyStore loaded = new VocabularyStore(reopened);
      assertEquals(300, loaded.size());
      assertEquals(0, loaded.indexOf("never-written"));
      for (int i = 0; i < 300; i++) {
        assertEquals(i + 1, loaded.indexOf("item-" + i));
        assertEquals("item-" + i, loaded.idOf(i + 1));
      }
      Batch more = new Batch();
      assertEquals(301, loaded.getOrAdd(more, "new"));
      reopened.write(more);
      assertEquals(301, new VocabularyStore(reopened).indexOf("new"));
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void aGapInTheIndexesIsReportedAsDamage(StoreKind kind) {
    try (StoreKind.Reopenable store = kind.open("vocabulary", dir)) {
      store.kv().put(KeySpace.VOCABULARY_BY_INDEX.key(new byte[] {0, 0, 0, 2}), "x".getBytes(StandardCharsets.UTF_8));
      StoreException damaged = assertThrows(StoreException.class, () -> new VocabularyStore(store.kv()));
      assertTrue(damaged.getMessage().contains("expected index 1"), damaged.getMessage());
      assertTrue(damaged.getMessage().contains("vocabulary"), damaged.getMessage());
    }
  }
}
