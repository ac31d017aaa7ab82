package dev.recsys.model.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NegativeSamplerTest {

  private static EvaluationCase user(int index, Set<Integer> interacted) {
    return new EvaluationCase(index, new int[] {1}, 2, interacted);
  }

  private static void assertValid(int[] negatives, int expectedSize, Set<Integer> interacted, int numItems) {
    assertEquals(expectedSize, negatives.length);
    Set<Integer> distinct = new HashSet<>();
    for (int item : negatives) {
      assertTrue(item >= 1 && item <= numItems, "item " + item + " out of range");
      assertFalse(interacted.contains(item), "sampled interacted item " + item);
      assertTrue(distinct.add(item), "duplicate " + item);
    }
  }

  @Test
  void sparseCatalogueGivesDistinctNeverInteractedItems() {
    Set<Integer> interacted = Set.of(1, 2, 3, 50, 999);
    NegativeSampler sampler = new NegativeSampler(1000, 100, 3);
    for (int u = 0; u < 50; u++) {
      assertValid(sampler.negativesFor(user(u, interacted)), 100, interacted, 1000);
    }
  }

  @Test
  void crowdedCatalogueTakesTheShufflePathAndStaysValid() {
    Set<Integer> interacted = new HashSet<>();
    for (int item = 1; item <= 150; item++) {
      interacted.add(item);
    }
    NegativeSampler sampler = new NegativeSampler(300, 100, 3);
    for (int u = 0; u < 20; u++) {
      assertValid(sampler.negativesFor(user(u, interacted)), 100, interacted, 300);
    }
  }

  @Test
  void tooFewFreeItemsGivesAllOfThem() {
    Set<Integer> interacted = Set.of(1, 2, 3);
    int[] negatives = new NegativeSampler(6, 100, 3).negativesFor(user(0, interacted));
    Arrays.sort(negatives);
    assertArrayEquals(new int[] {4, 5, 6}, negatives);
  }

  @Test
  void dependsOnlyOnSeedAndUserIndex() {
    Set<Integer> interacted = Set.of(4, 8, 15);
    NegativeSampler sampler = new NegativeSampler(500, 100, 11);
    int[] first = sampler.negativesFor(user(7, interacted));
    sampler.negativesFor(user(3, interacted)); // interleaved calls must not shift user 7's stream
    assertArrayEquals(first, new NegativeSampler(500, 100, 11).negativesFor(user(7, interacted)));
    assertArrayEquals(first, sampler.negativesFor(user(7, interacted)));
    assertFalse(Arrays.equals(first, sampler.negativesFor(user(8, interacted))));
    assertFalse(Arrays.equals(first, new NegativeSampler(500, 100, 12).negativesFor(user(7, interacted))));
  }

  @Test
  void coversTheFreeItemsRoughlyUniformly() {
    // 20 free items, 5 drawn per user, 4000 users: each item expected 1000 times.
    Set<Integer> interacted = Set.of(1, 2, 3, 4, 5);
    NegativeSampler sampler = new NegativeSampler(25, 5, 1);
    int[] counts = new int[26];
    for (int u = 0; u < 4000; u++) {
      for (int item : sampler.negativesFor(user(u, interacted))) {
        counts[item]++;
      }
    }
    for (int item = 6; item <= 25; item++) {
      assertTrue(counts[item] > 850 && counts[item] < 1150, "item " + item + " drawn " + counts[item]);
    }
  }
}
