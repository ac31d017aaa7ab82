package dev.recsys.store.kv;

/** One entry of a {@link KeyValueStore}. The arrays belong to the caller. */
public record KeyValue(byte[] key, byte[] value) {}
