package dev.recsys.store.kv;

class InMemoryStoreTest extends AbstractKeyValueStoreTest {
  @Override
  protected KeyValueStore createStore(String name) {
    return new InMemoryStore(name);
  }
}
