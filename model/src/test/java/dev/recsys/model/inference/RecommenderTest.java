package dev.recsys.model.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recsys.model.SasrecModel;
import dev.recsys.model.artifact.Provenance;
import dev.recsys.model.data.ItemVocabulary;
import dev.recsys.model.sasrec.SasrecConfig;
import dev.recsys.model.sasrec.SasrecWeights;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Recommendations by external id from a small random SASRec model, checked against its forward pass. */
class RecommenderTest {
  private static final int ITEMS = 12;
  private static final SasrecConfig CONFIG = new SasrecConfig(8, 8, 2, 2, 0.0, 0.0, true);
  /** Distinct counts except a tie between "p2" and "p4" (40 each), and one item never seen. */
  private static final long[] POPULARITY = {0, 5, 40, 7, 40, 1, 90, 3, 12, 0, 8, 22, 15};

  private static SasrecModel model;
  private static Recommender recommender;

  @BeforeAll
  static void buildModel() {
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= ITEMS; i++) {
      ids.add("p" + i);
    }
    Map<String, INDArray> weights = SasrecWeights.initial(CONFIG, ITEMS, 21, DataType.FLOAT);
    SplittableRandom random = new SplittableRandom(22);
    weights.replaceAll((name, w) -> w.rank() == 1
        ? w.add(Nd4j.createFromArray(random.doubles(w.length(), -0.3, 0.3).toArray()).castTo(DataType.FLOAT)) : w);
    Provenance provenance = new Provenance("test", "none", "generated", 21, 1, 1, "bce", Map.of(), Map.of(),
        Instant.EPOCH, "test", 0);
    model = SasrecModel.of(CONFIG, ItemVocabulary.of(ids), weights, POPULARITY, provenance);
    recommender = new Recommender(model);
  }

  private static List<String> ids(int... indices) {
    return IntStream.of(indices).mapToObj(i -> "p" + i).toList();
  }

  private static int[] indices(List<String> ids) {
    return ids.stream().mapToInt(id -> model.items().indexOf(id)).toArray();
  }

  private static List<String> itemIds(Recommendations r) {
    return r.items().stream().map(ScoredItem::itemId).toList();
  }

  private static final List<List<String>> HISTORIES = List.of(
      ids(1),
      ids(3, 7, 2),
      ids(12, 11, 10, 9, 8, 7, 6, 5, 4, 3),   // longer than maxLen: the oldest items are still excluded
      ids(5, 5, 6, 5),
      ids(9, 1, 9));

  @Test
  void neverRecommendsAHistoryItemAndReturnsEveryOtherItemWhenKIsLarge() {
    for (List<String> history : HISTORIES) {
      Recommendations r = recommender.recommend(history, ITEMS);
      Set<String> distinct = new HashSet<>(history);
      List<String> recommended = itemIds(r);
      assertEquals(ITEMS - distinct.size(), recommended.size(), () -> history + " -> " + recommended);
      assertEquals(recommended.size(), new HashSet<>(recommended).size(), "duplicates in " + recommended);
      for (String item : recommended) {
        assertFalse(distinct.contains(item), () -> item + " is in the history " + history);
      }
      assertFalse(r.coldStart());
      assertEquals(0, r.unknownItems());
    }
  }

  @Test
  void returnsKItemsWhenThereAreEnough() {
    for (int k = 1; k <= 5; k++) {
      assertEquals(k, recommender.recommend(ids(3, 7, 2), k).items().size());
    }
  }

  @Test
  void returnsFewerThanKWhenTheCatalogueMinusHistoryIsSmaller() {
    Recommendations r = recommender.recommend(ids(12, 11, 10, 9, 8, 7, 6, 5, 4, 3), 5);
    assertEquals(Set.of("p1", "p2"), new HashSet<>(itemIds(r)));
    assertEquals(0, recommender.recommend(ids(IntStream.rangeClosed(1, ITEMS).toArray()), 3).items().size());
  }

  @Test
  void scoresAreDescending() {
    for (List<String> history : HISTORIES) {
      List<ScoredItem> items = recommender.recommend(history, ITEMS).items();
      for (int i = 1; i < items.size(); i++) {
        assertTrue(items.get(i - 1).score() >= items.get(i).score(), () -> history + ": " + items);
      }
    }
  }

  @Test
  void scoresAreTheForwardPassScoresAndTheRankingIsTheirOrder() {
    for (List<String> history : HISTORIES) {
      int[] indices = indices(history);
      float[] row = model.forward().scores(List.of(indices)).dup('c').data().asFloat();
      Set<Integer> seen = new HashSet<>();
      for (int i : indices) {
        seen.add(i);
      }
      List<Integer> expected = IntStream.rangeClosed(1, ITEMS).boxed().filter(i -> !seen.contains(i))
          .sorted(Comparator.<Integer>comparingDouble(i -> -row[i]).thenComparingInt(i -> i)).toList();

      List<ScoredItem> got = recommender.recommend(history, ITEMS).items();
      assertEquals(expected.stream().map(i -> "p" + i).toList(), got.stream().map(ScoredItem::itemId).toList(),
          () -> "history " + history);
      for (ScoredItem item : got) {
        assertEquals(row[model.items().indexOf(item.itemId())], item.score(), 0f, item.itemId());
      }
      // The top item is the argmax over items not in the history.
      int argmax = expected.get(0);
      for (int i = 1; i <= ITEMS; i++) {
        if (!seen.contains(i)) {
          assertTrue(row[argmax] >= row[i]);
        }
      }
      assertEquals("p" + argmax, recommender.recommend(history, 1).items().get(0).itemId());
    }
  }

  @Test
  void batchingDoesNotChangeResults() {
    for (int k : new int[] {1, 3, ITEMS}) {
      List<Recommendations> batch = recommender.recommendBatch(HISTORIES, k);
      assertEquals(HISTORIES.size(), batch.size());
      for (int u = 0; u < HISTORIES.size(); u++) {
        assertSameRecommendations(recommender.recommend(HISTORIES.get(u), k), batch.get(u));
      }
    }
    // A short history batched with longer ones (more padding) and with a cold start in between.
    List<String> shortOne = ids(4, 2);
    List<Recommendations> mixed = recommender.recommendBatch(
        List.of(shortOne, List.of("unknown"), HISTORIES.get(2), ids(1)), 4);
    assertSameRecommendations(recommender.recommend(shortOne, 4), mixed.get(0));
    assertTrue(mixed.get(1).coldStart());
    assertSameRecommendations(recommender.recommend(HISTORIES.get(2), 4), mixed.get(2));
    assertSameRecommendations(recommender.recommend(ids(1), 4), mixed.get(3));
  }

  private static void assertSameRecommendations(Recommendations expected, Recommendations actual) {
    assertEquals(itemIds(expected), itemIds(actual));
    assertEquals(expected.unknownItems(), actual.unknownItems());
    assertEquals(expected.coldStart(), actual.coldStart());
    for (int i = 0; i < expected.items().size(); i++) {
      assertEquals(expected.items().get(i).score(), actual.items().get(i).score(), 1e-5);
    }
  }

  @Test
  void unknownItemsAreSkippedAndCounted() {
    List<String> withUnknown = List.of("nope", "p3", "p7", "", "p2", "P2");
    Recommendations r = recommender.recommend(withUnknown, 5);
    assertEquals(3, r.unknownItems());
    assertFalse(r.coldStart());
    Recommendations known = recommender.recommend(ids(3, 7, 2), 5);
    assertEquals(itemIds(known), itemIds(r));
    for (int i = 0; i < r.items().size(); i++) {
      assertEquals(known.items().get(i).score(), r.items().get(i).score(), 0f);
    }
  }

  @Test
  void onlyUnknownItemsIsAColdStartWithTheMostPopularItems() {
    Recommendations r = recommender.recommend(List.of("x", "y"), 4);
    assertTrue(r.coldStart());
    assertEquals(2, r.unknownItems());
    // 90, then the tie at 40 in index order, then 22.
    assertEquals(List.of("p6", "p2", "p4", "p11"), itemIds(r));
    assertEquals(List.of(90f, 40f, 40f, 22f), r.items().stream().map(ScoredItem::score).toList());
  }

  @Test
  void coldStartExcludesNothingAndRanksEveryItemByPopularity() {
    Recommendations r = recommender.recommend(List.of(), ITEMS + 5);
    assertTrue(r.coldStart());
    assertEquals(0, r.unknownItems());
    List<String> expected = IntStream.rangeClosed(1, ITEMS).boxed()
        .sorted(Comparator.<Integer>comparingLong(i -> -POPULARITY[i]).thenComparingInt(i -> i))
        .map(i -> "p" + i).toList();
    assertEquals(expected, itemIds(r));
    for (ScoredItem item : r.items()) {
      assertEquals((float) POPULARITY[model.items().indexOf(item.itemId())], item.score(), 0f);
    }
  }

  @Test
  void nonPositiveKIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> recommender.recommend(ids(1), 0));
    assertThrows(IllegalArgumentException.class, () -> recommender.recommendBatch(List.of(ids(1)), -1));
  }

  @Test
  void emptyBatchGivesNoResults() {
    assertEquals(List.of(), recommender.recommendBatch(List.of(), 3));
  }
}
