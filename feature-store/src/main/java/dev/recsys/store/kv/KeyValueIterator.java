package dev.recsys.store.kv;

import java.util.Iterator;

/** An iterator over store entries that holds store resources until closed. */
public interface KeyValueIterator extends Iterator<KeyValue>, AutoCloseable {
  @Override
  void close();
}
