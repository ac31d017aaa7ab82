package dev.recsys.model.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ItemVocabularyPrefixTest {
  private static final ItemVocabulary OLD = ItemVocabulary.of(List.of("a", "b"));

  @Test
  void anExtensionAndItselfKeepEveryIndex() {
    assertEquals(Optional.empty(), ItemVocabulary.of(List.of("a", "b", "c")).prefixMismatch(OLD));
    assertEquals(Optional.empty(), OLD.prefixMismatch(OLD));
    assertEquals(Optional.empty(), OLD.prefixMismatch(new ItemVocabulary()));
  }

  @Test
  void namesTheFirstItemThatMovedOrIsMissing() {
    assertEquals(Optional.of("item index 1 is 'b' but was 'a'"),
        ItemVocabulary.of(List.of("b", "a", "c")).prefixMismatch(OLD));
    assertEquals(Optional.of("item 'b' (index 2) is missing: 1 items, fewer than the 2 before"),
        ItemVocabulary.of(List.of("a")).prefixMismatch(OLD));
  }
}
