package dev.recsys.ingest.replay;

import java.time.Duration;

/**
 * What a replay did.
 *
 * @param sent events the broker acknowledged
 * @param failed events that failed after the producer's retries
 * @param cancelled whether the replay was stopped before the end of its input
 * @param firstError the first failure, or null
 * @param elapsed from the first send to the last acknowledgement
 */
public record ReplaySummary(long sent, long failed, boolean cancelled, String firstError, Duration elapsed) {

  /** Acknowledged events per second of wall time. */
  public double eventsPerSecond() {
    double seconds = elapsed.toNanos() / 1e9;
    return seconds <= 0 ? 0 : sent / seconds;
  }

  @Override
  public String toString() {
    return String.format("sent %,d, failed %,d%s in %.1f s (%,.0f events/s)%s", sent, failed,
        cancelled ? " (stopped early)" : "", elapsed.toMillis() / 1000.0, eventsPerSecond(),
        firstError == null ? "" : "; first error: " + firstError);
  }
}
