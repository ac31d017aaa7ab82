package dev.recsys.events;

import java.util.Objects;

/** What {@link UserActionParser} made of one record: the event, or why there is none. */
public sealed interface ParseResult {

  /** A valid event. */
  record Accepted(UserAction action) implements ParseResult {
    public Accepted {
      Objects.requireNonNull(action, "action");
    }
  }

  /**
   * A rejected record.
   *
   * @param reason the stable reason, for headers and metrics
   * @param detail a readable explanation naming the field, e.g. {@code "timestamp: expected an
   *     integer (epoch milliseconds), got a string"}
   */
  record Rejected(RejectionReason reason, String detail) implements ParseResult {
    public Rejected {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }

    @Override
    public String toString() {
      return reason.code() + ": " + detail;
    }
  }
}
