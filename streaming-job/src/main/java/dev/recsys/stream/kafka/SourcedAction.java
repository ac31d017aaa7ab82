package dev.recsys.stream.kafka;

import dev.recsys.events.UserAction;
import java.util.Objects;

/**
 * A valid user action and where it was read from, so the recommendation it triggers can name its
 * source record.
 */
public record SourcedAction(UserAction action, int partition, long offset) {
  public SourcedAction {
    Objects.requireNonNull(action, "action");
  }
}
