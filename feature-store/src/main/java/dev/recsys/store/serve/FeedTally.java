package dev.recsys.store.serve;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One feed's record counts. The record handler tallies each record as it applies or refuses it; the
 * feed's thread publishes the tally once the poll's batch is written, so the counters never count
 * a record the store does not hold.
 */
final class FeedTally {
  private final String feed;
  private final ServeMetrics metrics;
  private long pendingApplied;
  private final Map<String, Long> pendingRejected = new TreeMap<>();
  private final AtomicLong applied = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();

  FeedTally(String feed, ServeMetrics metrics) {
    this.feed = feed;
    this.metrics = metrics;
    metrics.registerFeed(feed);
  }

  String feed() {
    return feed;
  }

  /** A record went into the poll's batch. Feed thread only. */
  void applied() {
    pendingApplied++;
  }

  /** A record was refused, for {@code reason} (a short stable code). Feed thread only. */
  void rejected(String reason) {
    pendingRejected.merge(reason, 1L, Long::sum);
  }

  /** The poll's batch is written: the pending counts become visible. Feed thread only. */
  void publish() {
    if (pendingApplied > 0) {
      metrics.applied(feed, pendingApplied);
      applied.addAndGet(pendingApplied);
      pendingApplied = 0;
    }
    pendingRejected.forEach((reason, count) -> {
      metrics.rejected(feed, reason, count);
      rejected.addAndGet(count);
    });
    pendingRejected.clear();
  }

  /** The poll failed: what it tallied was not written. */
  void discard() {
    pendingApplied = 0;
    pendingRejected.clear();
  }

  long appliedTotal() {
    return applied.get();
  }

  long rejectedTotal() {
    return rejected.get();
  }
}
