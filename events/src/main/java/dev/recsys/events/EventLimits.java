package dev.recsys.events;

import java.time.Duration;
import java.time.Instant;

/**
 * The bounds {@link UserActionParser} enforces beyond types.
 *
 * @param maxPayloadBytes the largest record value accepted, in bytes
 * @param maxIdLength the longest user, item or event id accepted, in characters (code points)
 * @param minTimestamp the earliest event time accepted
 * @param maxFutureSkew how far event time may be ahead of the parser's clock (producers' clocks drift)
 */
public record EventLimits(
    int maxPayloadBytes, int maxIdLength, Instant minTimestamp, Duration maxFutureSkew) {

  /** 1995-01-01T00:00:00Z: older than any web interaction log, newer than 1970 epoch-seconds mistakes. */
  public static final Instant EARLIEST_EVENT_TIME = Instant.parse("1995-01-01T00:00:00Z");

  /** 16 KiB payloads, 256-character ids, event times from 1995 to one day ahead of the clock. */
  public static final EventLimits DEFAULT =
      new EventLimits(16 * 1024, 256, EARLIEST_EVENT_TIME, Duration.ofDays(1));

  public EventLimits {
    if (maxPayloadBytes < 64) {
      throw new IllegalArgumentException("maxPayloadBytes must be at least 64, got " + maxPayloadBytes);
    }
    if (maxIdLength < 1) {
      throw new IllegalArgumentException("maxIdLength must be at least 1, got " + maxIdLength);
    }
    if (minTimestamp == null) {
      throw new IllegalArgumentException("minTimestamp must be set");
    }
    if (maxFutureSkew == null || maxFutureSkew.isNegative()) {
      throw new IllegalArgumentException("maxFutureSkew must be zero or positive, got " + maxFutureSkew);
    }
  }
}
