package dev.recsys.stream.scoring;

import dev.recsys.events.UserAction;
import dev.recsys.stream.kafka.SourcedAction;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A user's history right after one of their events, to be scored.
 *
 * @param history external item ids, oldest first, including the triggering event's item
 * @param receivedAt processing time at which the job took the event into the user's history
 */
public record ScoringRequest(
    String userId, String[] history, long eventTime, String eventId, int partition, long offset, long receivedAt) {
  public ScoringRequest {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(history, "history");
  }

  public static ScoringRequest of(SourcedAction event, List<String> history, long receivedAt) {
    UserAction action = event.action();
    return new ScoringRequest(action.userId(), history.toArray(String[]::new), action.timestamp(), action.eventId(),
        event.partition(), event.offset(), receivedAt);
  }

  public List<String> historyList() {
    return Arrays.asList(history);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ScoringRequest other && userId.equals(other.userId) && Arrays.equals(history, other.history)
        && eventTime == other.eventTime && Objects.equals(eventId, other.eventId) && partition == other.partition
        && offset == other.offset && receivedAt == other.receivedAt;
  }

  @Override
  public int hashCode() {
    return Objects.hash(userId, Arrays.hashCode(history), eventTime, eventId, partition, offset, receivedAt);
  }

  @Override
  public String toString() {
    return "ScoringRequest[" + userId + " " + Arrays.toString(history) + " @" + partition + ":" + offset + "]";
  }
}
