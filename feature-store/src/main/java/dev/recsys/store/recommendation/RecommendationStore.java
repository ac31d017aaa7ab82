package dev.recsys.store.recommendation;

import dev.recsys.events.Recommendation;
import dev.recsys.events.RecommendationJson;
import dev.recsys.store.kv.Batch;
import dev.recsys.store.kv.KeySpace;
import dev.recsys.store.kv.KeyValueStore;
import dev.recsys.store.kv.StoreException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * Each user's latest recommendations, under {@link KeySpace#RECOMMENDATIONS} keyed by the UTF-8
 * user id, stored as the topic's own JSON ({@link RecommendationJson}) so what is served is what
 * the job wrote. The last one written wins: the topic is keyed by user, so a user's
 * recommendations arrive in the order the job produced them.
 */
public final class RecommendationStore {
  private final KeyValueStore kv;

  public RecommendationStore(KeyValueStore kv) {
    this.kv = Objects.requireNonNull(kv, "kv");
  }

  /** Replaces the user's recommendations when {@code batch} is written. */
  public void put(Batch batch, Recommendation recommendation) {
    if (recommendation.userId().isEmpty()) {
      throw new IllegalArgumentException("recommendation userId must not be empty");
    }
    batch.put(key(recommendation.userId()), RecommendationJson.toBytes(recommendation));
  }

  /** The user's latest recommendations; empty when none were stored. */
  public Optional<Recommendation> latest(String userId) {
    byte[] value = kv.get(key(userId));
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(RecommendationJson.parse(value));
    } catch (IllegalArgumentException e) {
      throw new StoreException(kv.name(), kv.location(), "damaged recommendations of user '" + userId + "': "
          + e.getMessage(), e);
    }
  }

  private static byte[] key(String userId) {
    return KeySpace.RECOMMENDATIONS.key(userId.getBytes(StandardCharsets.UTF_8));
  }
}
