package dev.recsys.model.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * External item id (a string, as producers send it) to dense index, and back.
 *
 * <p>Index 0 is reserved for padding, so known items are numbered 1..{@link #size()}. The
 * vocabulary is append-only: an item keeps its index for as long as the vocabulary lives, which is
 * what lets a retrained model keep the indices of the items it already knew.
 *
 * <p>Not thread-safe while being built; safe to read from many threads once no thread adds to it.
 */
public final class ItemVocabulary {
  public static final int PADDING = 0;

  private final List<String> ids = new ArrayList<>();
  private final Map<String, Integer> indices = new HashMap<>();

  public static ItemVocabulary of(List<String> idsInIndexOrder) {
    ItemVocabulary vocabulary = new ItemVocabulary();
    for (String id : idsInIndexOrder) {
      int before = vocabulary.size();
      if (vocabulary.getOrAdd(id) <= before) {
        throw new IllegalArgumentException("item vocabulary: duplicate item id '" + id + "'");
      }
    }
    return vocabulary;
  }

  /** The index of {@code id}, adding it as the next index if it is new. */
  public int getOrAdd(String id) {
    Objects.requireNonNull(id, "item id");
    Integer existing = indices.get(id);
    if (existing != null) {
      return existing;
    }
    ids.add(id);
    int index = ids.size();
    indices.put(id, index);
    return index;
  }

  /** The index of {@code id}, or {@link #PADDING} (0) when the item is unknown. */
  public int indexOf(String id) {
    Integer index = indices.get(id);
    return index == null ? PADDING : index;
  }

  public boolean contains(String id) {
    return indices.containsKey(id);
  }

  /** The external id of a known index (1..size). */
  public String idOf(int index) {
    if (index < 1 || index > ids.size()) {
      throw new IndexOutOfBoundsException("item index " + index + " not in 1.." + ids.size());
    }
    return ids.get(index - 1);
  }

  /** Number of known items; valid indices are 1..size. */
  public int size() {
    return ids.size();
  }

  /** External ids in index order (element i has index i + 1). */
  public List<String> ids() {
    return Collections.unmodifiableList(ids);
  }

  /**
   * Why this vocabulary does not keep every index of {@code older} (older is not a prefix of it),
   * naming the first item that differs; empty when it does. A model trained on this vocabulary can
   * replace one trained on {@code older} only when it keeps those indices.
   */
  public Optional<String> prefixMismatch(ItemVocabulary older) {
    int common = Math.min(size(), older.size());
    for (int index = 1; index <= common; index++) {
      if (!idOf(index).equals(older.idOf(index))) {
        return Optional.of("item index " + index + " is '" + idOf(index) + "' but was '" + older.idOf(index) + "'");
      }
    }
    if (size() < older.size()) {
      return Optional.of("item '" + older.idOf(size() + 1) + "' (index " + (size() + 1) + ") is missing: "
          + size() + " items, fewer than the " + older.size() + " before");
    }
    return Optional.empty();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ItemVocabulary other && ids.equals(other.ids);
  }

  @Override
  public int hashCode() {
    return ids.hashCode();
  }

  @Override
  public String toString() {
    return "ItemVocabulary[" + ids.size() + " items]";
  }
}
