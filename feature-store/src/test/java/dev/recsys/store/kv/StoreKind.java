package dev.recsys.store.kv;

import java.nio.file.Path;
import java.util.function.UnaryOperator;

/** The store implementations the typed-store tests run against (a parameter of each test). */
public enum StoreKind {
  MEMORY {
    @Override
    public Reopenable open(String name, Path dir) {
      // Nothing survives closing memory: "reopening" keeps the store, so the typed stores are
      // rebuilt over the same entries, which still tests that they load what was written.
      return new Reopenable(new InMemoryStore(name), UnaryOperator.identity());
    }
  },
  ROCKSDB {
    @Override
    public Reopenable open(String name, Path dir) {
      Path at = dir.resolve(name);
      return new Reopenable(RocksDbStore.open(name, at), closing -> {
        closing.close();
        return RocksDbStore.open(name, at);
      });
    }
  };

  public abstract Reopenable open(String name, Path dir);

  /** A store that a test can close and open again at the same place. */
  public static final class Reopenable implements AutoCloseable {
    private final UnaryOperator<KeyValueStore> reopen;
    private KeyValueStore current;

    Reopenable(KeyValueStore store, UnaryOperator<KeyValueStore> reopen) {
      this.current = store;
      this.reopen = reopen;
    }

    public KeyValueStore kv() {
      return current;
    }

    /** Closes the store (where that keeps its data) and opens it again. */
    public KeyValueStore reopen() {
      current = reopen.apply(current);
      return current;
    }

    @Override
    public void close() {
      current.close();
    }
  }
}
