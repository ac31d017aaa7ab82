package dev.recsys.model.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recsys.model.data.ItemVocabulary;
import dev.recsys.model.sasrec.SasrecConfig;
import dev.recsys.model.sasrec.SasrecForward;
import dev.recsys.model.sasrec.SasrecWeights;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

class WarmStartTest {
  private static final SasrecConfig CONFIG = new SasrecConfig(5, 8, 2, 1, 0.0, 0.0, true);
  private static final ItemVocabulary OLD = ItemVocabulary.of(List.of("a", "b", "c"));
  private static final ItemVocabulary NEW = ItemVocabulary.of(List.of("a", "b", "c", "d", "e"));

  private static Map<String, INDArray> trained() {
    return SasrecWeights.initial(CONFIG, OLD.size(), 3, DataType.FLOAT);
  }

  @Test
  void knownItemsAndEveryOtherParameterKeepTheirValuesAndNewRowsAreFreshlyInitialised() {
    Map<String, INDArray> old = trained();
    Map<String, INDArray> extended = WarmStart.extend(CONFIG, OLD, old, NEW, 11);

    assertEquals(old.keySet(), extended.keySet());
    INDArray table = extended.get(SasrecWeights.ITEM_EMB);
    assertEquals(List.of(5L, 8L), List.of(table.size(0), table.size(1)));
    assertEquals(old.get(SasrecWeights.ITEM_EMB), table.get(NDArrayIndex.interval(0, 3), NDArrayIndex.all()));
    INDArray fresh = SasrecWeights.initial(CONFIG, NEW.size(), 11, DataType.FLOAT).get(SasrecWeights.ITEM_EMB);
    assertEquals(fresh.get(NDArrayIndex.interval(3, 5), NDArrayIndex.all()),
        table.get(NDArrayIndex.interval(3, 5), NDArrayIndex.all()));
    old.forEach((name, array) -> {
      if (!name.equals(SasrecWeights.ITEM_EMB)) {
        assertEquals(array, extended.get(name), name);
        assertNotSame(array, extended.get(name), name);
      }
    });
  }

  @Test
  void theExtendedModelScoresKnownItemsAsTheTrainedOneDid() {
    Map<String, INDArray> old = trained();
    INDArray before = new SasrecForward(CONFIG, OLD.size(), old).scores(List.of(new int[] {1, 3, 2}));
    INDArray after = new SasrecForward(CONFIG, NEW.size(), WarmStart.extend(CONFIG, OLD, old, NEW, 11))
        .scores(List.of(new int[] {1, 3, 2}));
    assertTrue(before.equalsWithEps(after.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 4)), 1e-6));
  }

  @Test
  void theTrainedWeightsAreNotModified() {
    Map<String, INDArray> old = trained();
    INDArray copy = old.get(SasrecWeights.ITEM_EMB).dup();
    WarmStart.extend(CONFIG, OLD, old, NEW, 11).get(SasrecWeights.ITEM_EMB).addi(1);
    assertEquals(copy, old.get(SasrecWeights.ITEM_EMB));
  }

  @Test
  void refusesAVocabularyThatMovesAKnownItemNamingIt() {
    ItemVocabulary reordered = ItemVocabulary.of(List.of("a", "c", "b", "d"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> WarmStart.extend(CONFIG, OLD, trained(), reordered, 1));
    assertTrue(e.getMessage().contains("item index 2 is 'c' but was 'b'"), e.getMessage());
  }

  @Test
  void refusesAVocabularyThatLostAnItemNamingIt() {
    ItemVocabulary shorter = ItemVocabulary.of(List.of("a", "b"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> WarmStart.extend(CONFIG, OLD, trained(), shorter, 1));
    assertTrue(e.getMessage().contains("item 'c' (index 3) is missing"), e.getMessage());
  }

  @Test
  void refusesWeightsThatDoNotFitTheOldVocabulary() {
    Map<String, INDArray> wrong = SasrecWeights.initial(CONFIG, 4, 3, DataType.FLOAT);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> WarmStart.extend(CONFIG, OLD, wrong, NEW, 1));
    assertTrue(e.getMessage().contains("item_emb"), e.getMessage());
  }

  @Test
  void theSameVocabularyGivesTheSameWeights() {
    Map<String, INDArray> old = trained();
    Map<String, INDArray> same = WarmStart.extend(CONFIG, OLD, old, OLD, 11);
    old.forEach((name, array) -> assertEquals(array, same.get(name), name));
  }
}
