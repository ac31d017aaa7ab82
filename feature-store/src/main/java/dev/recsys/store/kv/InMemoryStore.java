package dev.recsys.store.kv;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A {@link KeyValueStore} in a sorted map, for tests of the typed stores and for pure logic; it
 * passes the same contract test as {@link RocksDbStore}. Arrays are copied in and out, so callers
 * may reuse theirs.
 *
 * <p>A read-write lock makes each batch atomic for readers. Iterators read the map in chunks,
 * each under the read lock, so a scan never blocks the writer for long and never fails with a
 * {@link java.util.ConcurrentModificationException}; like a RocksDB iterator without a snapshot
 * it may or may not see writes made after it was opened.
 */
public final class InMemoryStore implements KeyValueStore {
  private static final int CHUNK = 256;

  private final String name;
  private final NavigableMap<byte[], byte[]> entries = new TreeMap<>(Arrays::compareUnsigned);
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private volatile boolean closed;

  public InMemoryStore(String name) {
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String location() {
    return "memory";
  }

  @Override
  public byte[] get(byte[] key) {
    lock.readLock().lock();
    try {
      requireOpen("get");
      byte[] value = entries.get(key);
      return value == null ? null : value.clone();
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public void put(byte[] key, byte[] value) {
    write(new Batch().put(key, value));
  }

  @Override
  public void delete(byte[] key) {
    write(new Batch().delete(key));
  }

  @Override
  public void write(Batch batch) {
    lock.writeLock().lock();
    try {
      requireOpen("write");
      for (Batch.Operation operation : batch.operations()) {
        if (operation.isDelete()) {
          entries.remove(operation.key());
        } else {
          entries.put(operation.key().clone(), operation.value().clone());
        }
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public KeyValueIterator range(byte[] from, byte[] to) {
    return new ChunkedIterator(from, to, false);
  }

  @Override
  public KeyValueIterator reverseRange(byte[] from, byte[] to) {
    return new ChunkedIterator(from, to, true);
  }

  /** The bytes of the keys and values in the range (there is no disk). */
  @Override
  public long approximateBytes(byte[] from, byte[] to) {
    lock.readLock().lock();
    try {
      requireOpen("approximateBytes");
      long bytes = 0;
      for (Map.Entry<byte[], byte[]> entry : slice(from, to, false).entrySet()) {
        bytes += entry.getKey().length + entry.getValue().length;
      }
      return bytes;
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public void flush() {
    lock.readLock().lock();
    try {
      requireOpen("flush");
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      closed = true;
      entries.clear();
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public String toString() {
    return "InMemoryStore[" + name + "]";
  }

  private NavigableMap<byte[], byte[]> slice(byte[] from, byte[] to, boolean descending) {
    NavigableMap<byte[], byte[]> slice;
    if (from == null && to == null) {
      slice = entries;
    } else if (from == null) {
      slice = entries.headMap(to, false);
    } else if (to == null) {
      slice = entries.tailMap(from, true);
    } else if (Arrays.compareUnsigned(from, to) >= 0) {
      slice = new TreeMap<>(); // [from, to) is empty; TreeMap.subMap would throw when from > to
    } else {
      slice = entries.subMap(from, true, to, false);
    }
    return descending ? slice.descendingMap() : slice;
  }

  private void requireOpen(String operation) {
    if (closed) {
      throw new StoreException(name, location(), operation + " after the store was closed");
    }
  }

  /** Reads CHUNK entries at a time, resuming after the last key it returned. */
  private final class ChunkedIterator implements KeyValueIterator {
    private final byte[] from;
    private final byte[] to;
    private final boolean descending;
    private final ArrayDeque<KeyValue> chunk = new ArrayDeque<>();
    private byte[] last;
    private boolean exhausted;
    private boolean iteratorClosed;

    ChunkedIterator(byte[] from, byte[] to, boolean descending) {
      this.from = from == null ? null : from.clone();
      this.to = to == null ? null : to.clone();
      this.descending = descending;
      lock.readLock().lock();
      try {
        requireOpen(descending ? "reverseRange" : "range");
      } finally {
        lock.readLock().unlock();
      }
    }

    @Override
    public boolean hasNext() {
      if (iteratorClosed) {
        throw new StoreException(name, location(), "iterator used after it was closed");
      }
      requireOpen("iterator");   // entries already read must not outlive the store either
      if (chunk.isEmpty() && !exhausted) {
        fill();
      }
      return !chunk.isEmpty();
    }

    @Override
    public KeyValue next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return chunk.removeFirst();
    }

    private void fill() {
      lock.readLock().lock();
      try {
        requireOpen("iterator");
        NavigableMap<byte[], byte[]> rest = slice(from, to, descending);
        if (last != null) {
          rest = rest.tailMap(last, false);
        }
        for (Map.Entry<byte[], byte[]> entry : rest.entrySet()) {
          if (chunk.size() == CHUNK) {
            break;
          }
          chunk.addLast(new KeyValue(entry.getKey().clone(), entry.getValue().clone()));
        }
      } finally {
        lock.readLock().unlock();
      }
      if (chunk.size() < CHUNK) {
        exhausted = true;
      }
      if (!chunk.isEmpty()) {
        last = chunk.peekLast().key().clone(); // the caller owns the returned one
      }
    }

    @Override
    public void close() {
      iteratorClosed = true;
      chunk.clear();
    }
  }
}
