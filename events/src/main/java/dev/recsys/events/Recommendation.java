package dev.recsys.events;

import java.util.List;
import java.util.Objects;

/**
 * One user's next-item recommendations, as the streaming job writes them to
 * {@link Topics#RECOMMENDATIONS} after each of the user's events (wire format:
 * {@link RecommendationJson}).
 *
 * @param userId whose recommendations these are (also the record key)
 * @param items best first; never an item already in the user's history
 * @param modelVersion the model that ranked them
 * @param coldStart true when the history had no item the model knows, so {@code items} are the
 *     model's most popular items rather than SASRec's ranking
 * @param eventTime the triggering event's timestamp, epoch milliseconds
 * @param eventId the triggering event's id, when it had one
 * @param sourcePartition partition of the triggering event on the clean topic
 * @param sourceOffset offset of the triggering event on the clean topic
 * @param processedAt when the job scored it, epoch milliseconds
 */
public record Recommendation(
    String userId,
    List<Item> items,
    String modelVersion,
    boolean coldStart,
    long eventTime,
    String eventId,
    int sourcePartition,
    long sourceOffset,
    long processedAt) {

  /** A recommended item and its score (SASRec's logit, or the popularity count when cold). */
  public record Item(String itemId, double score) {
    public Item {
      Objects.requireNonNull(itemId, "itemId");
    }
  }

  public Recommendation {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(modelVersion, "modelVersion");
    items = List.copyOf(items);
  }
}
