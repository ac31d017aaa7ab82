package dev.recsys.model.artifact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelArtifactTest {
  private final ModelArtifact base = TestArtifacts.random(1);

  private ModelArtifact withPopularity(long[] popularity) {
    return ModelArtifact.of(base.config(), base.items(), base.weights(), popularity, base.provenance());
  }

  @Test
  void popularityMustCoverPaddingAndEveryItem() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> withPopularity(new long[TestArtifacts.ITEMS]));
    assertTrue(e.getMessage().contains("has 10 entries, expected 11"), e.getMessage());
    assertEquals(base, withPopularity(base.popularity()));
  }

  @Test
  void popularityMustNotBeNegativeAndPaddingMustBeZero() {
    long[] negative = base.popularity();
    negative[4] = -1;
    assertThrows(IllegalArgumentException.class, () -> withPopularity(negative));
    long[] padding = base.popularity();
    padding[0] = 1;
    assertThrows(IllegalArgumentException.class, () -> withPopularity(padding));
  }

  @Test
  void weightsKeepInsertionOrderAndCannotBeChangedFromOutside() {
    Map<String, Tensor> weights = new LinkedHashMap<>(base.weights());
    ModelArtifact artifact =
        ModelArtifact.of(base.config(), base.items(), weights, base.popularity(), base.provenance());
    weights.clear();
    assertEquals(List.of("item_embedding", "position_embedding", "block0.ln.bias"),
        List.copyOf(artifact.weights().keySet()));
    assertThrows(UnsupportedOperationException.class, () -> artifact.weights().clear());
    assertThrows(IllegalArgumentException.class,
        () -> ModelArtifact.of(base.config(), base.items(), Map.of(), base.popularity(), base.provenance()));
  }

  @Test
  void equalityComparesPopularityByValue() {
    long[] counts = base.popularity();
    assertEquals(base, withPopularity(counts.clone()));
    assertEquals(base.hashCode(), withPopularity(counts.clone()).hashCode());
    counts[2]++;
    assertNotEquals(base, withPopularity(counts));
    base.popularity()[2] = 99;
    assertArrayEquals(TestArtifacts.random(1).popularity(), base.popularity());
  }
}
