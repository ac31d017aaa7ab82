package dev.recsys.store.kv;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** Writes to apply together with {@link KeyValueStore#write}: all of them or none. */
public final class Batch {
  /** A put ({@code value != null}) or a delete ({@code value == null}). */
  public record Operation(byte[] key, byte[] value) {
    public boolean isDelete() {
      return value == null;
    }
  }

  private final List<Operation> operations = new ArrayList<>();

  public Batch put(byte[] key, byte[] value) {
    operations.add(new Operation(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value")));
    return this;
  }

  public Batch delete(byte[] key) {
    operations.add(new Operation(Objects.requireNonNull(key, "key"), null));
    return this;
  }

  public List<Operation> operations() {
    return Collections.unmodifiableList(operations);
  }

  public int size() {
    return operations.size();
  }

  public boolean isEmpty() {
    return operations.isEmpty();
  }
}
