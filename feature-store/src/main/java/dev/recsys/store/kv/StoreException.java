package dev.recsys.store.kv;

/** A store failed: the message names the store, where it lives and what went wrong. */
public final class StoreException extends RuntimeException {
  public StoreException(String storeName, String location, String problem, Throwable cause) {
    super("store '" + storeName + "' at " + location + ": " + problem, cause);
  }

  public StoreException(String storeName, String location, String problem) {
    this(storeName, location, problem, null);
  }
}
