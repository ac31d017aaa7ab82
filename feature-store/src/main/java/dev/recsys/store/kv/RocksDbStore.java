package dev.recsys.store.kv;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.CompressionType;
import org.rocksdb.FlushOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.Range;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.SizeApproximationFlag;
import org.rocksdb.Slice;
import org.rocksdb.Status;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * A {@link KeyValueStore} in a RocksDB directory (default column family, bytewise comparator:
 * unsigned lexicographic keys). Options: LZ4 for the upper levels and ZSTD for the bottom one
 * (where most bytes end up), a 10-bit Bloom filter for point reads, a 64 MiB block cache.
 *
 * <p>Writes go to the write-ahead log without fsync: a killed process loses nothing, a power
 * failure may lose the last writes (a feed then reads them again from Kafka, because the offsets
 * are written in the same batch). {@link #flush} makes everything durable.
 *
 * <p>Every RocksDB failure is a {@link StoreException} naming the store, its directory and the
 * operation. Native resources are guarded by a read-write lock so that closing the store while
 * another thread reads is an error, never a crash.
 */
public final class RocksDbStore implements KeyValueStore {
  private static final long BLOCK_CACHE_BYTES = 64L << 20;
  private static final int BLOOM_BITS_PER_KEY = 10;

  static {
    RocksDB.loadLibrary();
  }

  private final String name;
  private final String location;
  private final RocksDB db;
  private final List<AutoCloseable> nativeOptions;
  private final WriteOptions writeOptions = new WriteOptions();
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private final Set<RangeIterator> openIterators = ConcurrentHashMap.newKeySet();
  private boolean closed;

  private RocksDbStore(String name, String location, RocksDB db, List<AutoCloseable> nativeOptions) {
    this.name = name;
    this.location = location;
    this.db = db;
    this.nativeOptions = nativeOptions;
  }

  /**
   * Opens the store in {@code dir}, creating it (and missing parent directories) when absent.
   *
   * @throws StoreException if another process (or another open store in this one) holds the
   *     directory, its files are damaged, or it cannot be created
   */
  public static RocksDbStore open(String name, Path dir) {
    String location = dir.toAbsolutePath().toString();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new StoreException(name, location, "cannot create the directory: " + e, e);
    }
    return open(name, location, false);
  }

  /**
   * Opens an existing store for reading only: a view of it as it was when opened, which does not
   * lock it, so it works while another process writes. Writes fail with a {@link StoreException}.
   */
  public static RocksDbStore openReadOnly(String name, Path dir) {
    String location = dir.toAbsolutePath().toString();
    if (!Files.isDirectory(dir)) {
      throw new StoreException(name, location, "open read-only: no store here (the directory does not exist)");
    }
    return open(name, location, true);
  }

  private static RocksDbStore open(String name, String location, boolean readOnly) {
    LRUCache cache = new LRUCache(BLOCK_CACHE_BYTES);
    BloomFilter bloom = new BloomFilter(BLOOM_BITS_PER_KEY, false);
    Options options = new Options()
        .setCreateIfMissing(!readOnly)
        .setCompressionType(CompressionType.LZ4_COMPRESSION)
        .setBottommostCompressionType(CompressionType.ZSTD_COMPRESSION)
        .setKeepLogFileNum(3)
        .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache).setFilterPolicy(bloom));
    List<AutoCloseable> nativeOptions = List.of(options, bloom, cache);
    try {
      RocksDB db = readOnly ? RocksDB.openReadOnly(options, location) : RocksDB.open(options, location);
      return new RocksDbStore(name, location, db, nativeOptions);
    } catch (RocksDBException e) {
      closeAll(nativeOptions);
      throw failure(name, location, readOnly ? "open read-only" : "open", e);
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String location() {
    return location;
  }

  @Override
  public byte[] get(byte[] key) {
    return guarded("get", () -> db.get(key));
  }

  @Override
  public void put(byte[] key, byte[] value) {
    guarded("put", () -> {
      db.put(writeOptions, key, value);
      return null;
    });
  }

  @Override
  public void delete(byte[] key) {
    guarded("delete", () -> {
      db.delete(writeOptions, key);
      return null;
    });
  }

  @Override
  public void write(Batch batch) {
    guarded("write a batch of " + batch.size(), () -> {
      try (WriteBatch writes = new WriteBatch()) {
        for (Batch.Operation operation : batch.operations()) {
          if (operation.isDelete()) {
            writes.delete(operation.key());
          } else {
            writes.put(operation.key(), operation.value());
          }
        }
        db.write(writeOptions, writes);
      }
      return null;
    });
  }

  @Override
  public KeyValueIterator range(byte[] from, byte[] to) {
    return guarded("range", () -> new RangeIterator(from, to, false));
  }

  @Override
  public KeyValueIterator reverseRange(byte[] from, byte[] to) {
    return guarded("reverseRange", () -> new RangeIterator(from, to, true));
  }

  /** RocksDB's estimate from SST files and memtables: exact only to a block or so. */
  @Override
  public long approximateBytes(byte[] from, byte[] to) {
    return guarded("approximateBytes", () -> {
      byte[] start = from == null ? new byte[0] : from;
      byte[] end = to == null ? afterLastKey() : to;
      if (end == null || Arrays.compareUnsigned(start, end) >= 0) {
        return 0L;
      }
      try (Slice startSlice = new Slice(start); Slice endSlice = new Slice(end)) {
        return db.getApproximateSizes(List.of(new Range(startSlice, endSlice)),
            SizeApproximationFlag.INCLUDE_FILES, SizeApproximationFlag.INCLUDE_MEMTABLES)[0];
      }
    });
  }

  @Override
  public void flush() {
    guarded("flush", () -> {
      try (FlushOptions options = new FlushOptions().setWaitForFlush(true)) {
        db.flush(options);
      }
      return null;
    });
  }

  /**
   * Flushes, then rewrites all files into the bottom level: reclaims the space of overwritten and
   * deleted entries and compresses with ZSTD, so {@link #approximateBytes} then measures the
   * steady-state size. Takes a while on a large store.
   */
  public void compact() {
    flush();
    guarded("compact", () -> {
      db.compactRange();
      return null;
    });
  }

  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      for (RangeIterator iterator : new ArrayList<>(openIterators)) {
        iterator.release();
      }
      try {
        db.closeE();
      } catch (RocksDBException e) {
        throw failure(name, location, "close", e);
      } finally {
        writeOptions.close();
        closeAll(nativeOptions);
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public String toString() {
    return "RocksDbStore[" + name + " at " + location + "]";
  }

  /** A key just after the last one, or null when the store is empty. */
  private byte[] afterLastKey() {
    try (RocksIterator iterator = db.newIterator()) {
      iterator.seekToLast();
      return iterator.isValid() ? Arrays.copyOf(iterator.key(), iterator.key().length + 1) : null;
    }
  }

  @FunctionalInterface
  private interface RocksCall<T> {
    T call() throws RocksDBException;
  }

  private <T> T guarded(String operation, RocksCall<T> call) {
    lock.readLock().lock();
    try {
      requireOpen(operation);
      return call.call();
    } catch (RocksDBException e) {
      throw failure(name, location, operation, e);
    } finally {
      lock.readLock().unlock();
    }
  }

  private void requireOpen(String operation) {
    if (closed) {
      throw new StoreException(name, location, operation + " after the store was closed");
    }
  }

  /** Says what a RocksDB status means for whoever runs the process. */
  private static StoreException failure(String name, String location, String operation, RocksDBException e) {
    Status status = e.getStatus();
    Status.Code code = status == null ? Status.Code.Undefined : status.getCode();
    String message = String.valueOf(e.getMessage());
    String problem;
    if (code == Status.Code.Corruption) {
      problem = operation + ": the store's files are damaged (" + message + "); restore the directory from a "
          + "backup, or delete it to rebuild the store from Kafka";
    } else if (code == Status.Code.IOError && message.toLowerCase(java.util.Locale.ROOT).contains("lock")) {
      problem = operation + ": the directory is in use by another process (or by another open store in this "
          + "one); only one may open it at a time (" + message + ")";
    } else {
      problem = operation + " failed: " + message;
    }
    return new StoreException(name, location, problem, e);
  }

  private static void closeAll(List<AutoCloseable> resources) {
    for (AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (Exception e) {
        throw new IllegalStateException("closing " + resource + " failed", e); // RocksObject.close throws none
      }
    }
  }

  /** A RocksDB iterator bounded by {@code [from, to)} through its read options. */
  private final class RangeIterator implements KeyValueIterator {
    private final boolean descending;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final RocksIterator iterator;
    private boolean released;

    RangeIterator(byte[] from, byte[] to, boolean descending) {
      this.descending = descending;
      ReadOptions options = new ReadOptions();
      resources.add(options);
      if (from != null) {
        Slice lower = new Slice(from);
        resources.add(lower);
        options.setIterateLowerBound(lower);
      }
      if (to != null) {
        Slice upper = new Slice(to);
        resources.add(upper);
        options.setIterateUpperBound(upper);
      }
      iterator = db.newIterator(options);
      resources.add(0, iterator); // closed before its options
      // RocksDB leaves lower >= upper undefined; an iterator that is never seeked is simply invalid.
      boolean empty = from != null && to != null && Arrays.compareUnsigned(from, to) >= 0;
      if (!empty && descending) {
        iterator.seekToLast();
      } else if (!empty) {
        iterator.seekToFirst();
      }
      openIterators.add(this);
    }

    @Override
    public boolean hasNext() {
      return guarded("iterate", () -> {
        requireNotReleased();
        if (iterator.isValid()) {
          return true;
        }
        iterator.status();   // throws if the iterator stopped on an error rather than at the end
        return false;
      });
    }

    @Override
    public KeyValue next() {
      return guarded("iterate", () -> {
        requireNotReleased();
        if (!iterator.isValid()) {
          iterator.status();
          throw new NoSuchElementException();
        }
        KeyValue entry = new KeyValue(iterator.key(), iterator.value());
        if (descending) {
          iterator.prev();
        } else {
          iterator.next();
        }
        return entry;
      });
    }

    private void requireNotReleased() {
      if (released) {
        throw new StoreException(name, location, "iterator used after it was closed");
      }
    }

    @Override
    public void close() {
      lock.readLock().lock();
      try {
        release();
      } finally {
        lock.readLock().unlock();
      }
    }

    /** Frees the native iterator; called with the store's lock held, so never during a read. */
    void release() {
      if (released) {
        return;
      }
      released = true;
      openIterators.remove(this);
      closeAll(resources);
    }
  }
}
