package dev.recsys.store.kv;

/**
 * An ordered byte-key store: the one interface every typed store (sequences, vocabulary,
 * recommendations, consumer offsets) is written against, with a RocksDB and an in-memory
 * implementation that pass the same contract test.
 *
 * <p>Keys are ordered as unsigned bytes, lexicographically (RocksDB's default comparator). Ranges
 * are {@code [from, to)}; a null bound is open. Every failure is a {@link StoreException} naming the
 * store and where it lives. One writer per store; reads may come from any thread.
 */
public interface KeyValueStore extends AutoCloseable {

  /** The store's name, used in every error message (e.g. "sequences"). */
  String name();

  /** Where the store lives: a directory, or "memory". */
  String location();

  /** The value of {@code key}, or null when absent. */
  byte[] get(byte[] key);

  void put(byte[] key, byte[] value);

  void delete(byte[] key);

  /** Applies every operation of {@code batch} atomically, in order: all of them or none. */
  void write(Batch batch);

  /** Entries with {@code from <= key < to}, ascending. The caller closes the iterator. */
  KeyValueIterator range(byte[] from, byte[] to);

  /** The same entries as {@link #range}, descending. The caller closes the iterator. */
  KeyValueIterator reverseRange(byte[] from, byte[] to);

  /** Bytes the entries in {@code [from, to)} take (on disk for RocksDB, after flushing). */
  long approximateBytes(byte[] from, byte[] to);

  /** Makes every write durable (RocksDB: flushes the memtable). */
  void flush();

  /** Idempotent; any later call fails with a {@link StoreException} saying the store is closed. */
  @Override
  void close();
}
