package dev.recsys.store.vocabulary;

import dev.recsys.store.kv.Batch;
import dev.recsys.store.kv.KeySpace;
import dev.recsys.store.kv.KeyValue;
import dev.recsys.store.kv.KeyValueIterator;
import dev.recsys.store.kv.KeyValueStore;
import dev.recsys.store.kv.StoreException;
import dev.recsys.store.kv.Varint;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * External item ids and their dense indexes 1..{@link #size()} (0 stays free for padding and
 * "unknown", as in the model's vocabulary). Append-only: an id keeps its index forever, so
 * sequences stored as indexes stay valid.
 *
 * <p>Two key spaces: {@link KeySpace#VOCABULARY_BY_ID} (UTF-8 id to varint index) and {@link
 * KeySpace#VOCABULARY_BY_INDEX} (4-byte big-endian index to id, so a scan is in index order). The
 * whole vocabulary is loaded into memory when the store is built, and checked to be dense.
 *
 * <p>One writer, any number of readers. A batch given to {@link #getOrAdd} must be written (or
 * the store reopened) before the next one is built: new ids are visible here at once.
 */
public final class VocabularyStore {
  private final KeyValueStore kv;
  private final Map<String, Integer> indexes = new ConcurrentHashMap<>();
  // Readers read size before ids; the writer publishes ids before size, so ids[0..size) is set.
  private volatile String[] ids;
  private volatile int size;

  public VocabularyStore(KeyValueStore kv) {
    this.kv = Objects.requireNonNull(kv, "kv");
    String[] loaded = new String[64];
    int count = 0;
    try (KeyValueIterator entries = kv.range(KeySpace.VOCABULARY_BY_INDEX.start(), KeySpace.VOCABULARY_BY_INDEX.end())) {
      while (entries.hasNext()) {
        KeyValue entry = entries.next();
        byte[] key = entry.key();
        int index = key.length == 1 + Integer.BYTES ? ByteBuffer.wrap(key, 1, Integer.BYTES).getInt() : -1;
        if (index != count + 1) {
          throw new StoreException(kv.name(), kv.location(), "vocabulary is damaged: expected index " + (count + 1)
              + ", found key " + Arrays.toString(key));
        }
        if (count == loaded.length) {
          loaded = Arrays.copyOf(loaded, 2 * count);
        }
        String id = new String(entry.value(), StandardCharsets.UTF_8);
        loaded[count++] = id;
        indexes.put(id, index);
      }
    }
    this.ids = loaded;
    this.size = count;
  }

  /** The index of {@code itemId}, or 0 when it is unknown. */
  public int indexOf(String itemId) {
    Integer index = indexes.get(itemId);
    return index == null ? 0 : index;
  }

  /**
   * The index of {@code itemId}, adding it with index {@code size() + 1} (into {@code batch} and
   * into memory) when it is new.
   */
  public int getOrAdd(Batch batch, String itemId) {
    if (itemId == null || itemId.isEmpty()) {
      throw new IllegalArgumentException("item id must not be empty");
    }
    Integer known = indexes.get(itemId);
    if (known != null) {
      return known;
    }
    int index = size + 1;
    byte[] id = itemId.getBytes(StandardCharsets.UTF_8);
    batch.put(KeySpace.VOCABULARY_BY_ID.key(id), Varint.encode(index));
    batch.put(indexKey(index), id);
    String[] current = ids;
    if (index > current.length) {
      current = Arrays.copyOf(current, 2 * current.length);
    }
    current[index - 1] = itemId;
    ids = current;
    indexes.put(itemId, index);
    size = index;
    return index;
  }

  /**
   * The id at {@code index}.
   *
   * @throws IllegalArgumentException if {@code index} is not in 1..size()
   */
  public String idOf(int index) {
    int known = size;
    if (index < 1 || index > known) {
      throw new IllegalArgumentException("item index " + index + " is not in the vocabulary (1.." + known + ")");
    }
    return ids[index - 1];
  }

  public int size() {
    return size;
  }

  /** All ids in index order: element i has index i + 1. */
  public List<String> ids() {
    int known = size;
    return List.of(Arrays.copyOf(ids, known));
  }

  private static byte[] indexKey(int index) {
    return KeySpace.VOCABULARY_BY_INDEX.key(ByteBuffer.allocate(Integer.BYTES).putInt(index).array());
  }
}
