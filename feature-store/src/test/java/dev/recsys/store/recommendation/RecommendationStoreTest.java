package dev.recsys.store.recommendation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recsys.events.Recommendation;
import dev.recsys.store.kv.Batch;
import dev.recsys.store.kv.KeySpace;
import dev.recsys.store.kv.StoreException;
import dev.recsys.store.kv.StoreKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RecommendationStoreTest {
  @TempDir Path dir;

  private static Recommendation recommendation(String user, String item, long eventTime) {
    return new Recommendation(user, List.of(new Recommendation.Item(item, 1.5)), "v1", false, eventTime, null, 0,
        eventTime, eventTime + 1);
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void theLastWrittenRecommendationsOfEachUserAreServed(StoreKind kind) {
    try (StoreKind.Reopenable store = kind.open("recommendations", dir)) {
      RecommendationStore recommendations = new RecommendationStore(store.kv());
      Batch batch = new Batch();
      recommendations.put(batch, recommendation("u1", "m1", 10));
      recommendations.put(batch, recommendation("u2", "m2", 11));
      recommendations.put(batch, recommendation("u1", "m3", 12));
      assertEquals(Optional.empty(), recommendations.latest("u1"), "not written yet");
      store.kv().write(batch);

      assertEquals(Optional.of(recommendation("u1", "m3", 12)), recommendations.latest("u1"));
      assertEquals(Optional.empty(), recommendations.latest("u3"));
      RecommendationStore reopened = new RecommendationStore(store.reopen());
      assertEquals(Optional.of(recommendation("u2", "m2", 11)), reopened.latest("u2"));
    }
  }

  @ParameterizedTest
  @EnumSource(StoreKind.class)
  void damagedJsonIsAStoreErrorNamingTheUser(StoreKind kind) {
    try (StoreKind.Reopenable store = kind.open("recommendations", dir)) {
      store.kv().put(KeySpace.RECOMMENDATIONS.key("u9".getBytes(StandardCharsets.UTF_8)), "{\"userId\":".getBytes(
          StandardCharsets.UTF_8));
      StoreException damaged = assertThrows(StoreException.class,
          () -> new RecommendationStore(store.kv()).latest("u9"));
      assertTrue(damaged.getMessage().contains("'u9'"), damaged.getMessage());
    }
  }
}
