package dev.recsys.events;

import java.util.Objects;

/**
 * One thing a user did to an item: the event every part of the engine consumes.
 *
 * <p>On the wire it is JSON (see {@link UserActionJson} and the README's "Event contract"),
 * keyed by {@link #userId()} so that one partition holds a user's whole stream. Instances made by
 * {@link UserActionParser} have passed every check; the canonical constructor only rejects nulls in
 * required fields, so code that builds events itself (tests, dataset replay) is not forced through
 * JSON.
 *
 * @param userId who acted; never empty
 * @param itemId what they acted on; never empty
 * @param action the normalised action type, e.g. {@code view}, {@code purchase}, {@code rating}
 * @param timestamp event time in epoch milliseconds (when it happened, not when it was sent)
 * @param value the rating or weight, or {@code null} when the action carries none
 * @param eventId the producer's id for de-duplication, or {@code null}
 */
public record UserAction(
    String userId, String itemId, String action, long timestamp, Double value, String eventId) {

  public UserAction {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(itemId, "itemId");
    Objects.requireNonNull(action, "action");
  }

  /** An event without a value or event id. */
  public static UserAction of(String userId, String itemId, String action, long timestamp) {
    return new UserAction(userId, itemId, action, timestamp, null, null);
  }

  public boolean hasValue() {
    return value != null;
  }

  public boolean hasEventId() {
    return eventId != null;
  }
}
