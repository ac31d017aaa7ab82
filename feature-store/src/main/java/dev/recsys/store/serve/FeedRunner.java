package dev.recsys.store.serve;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one feed on a thread of its own until closed: polls, publishes the counts, and measures the
 * lag every {@link #LAG_INTERVAL}. A failure stops the feed and is kept, so {@code /healthz} can say
 * which feed stopped and why instead of the thread dying unseen.
 */
final class FeedRunner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FeedRunner.class);
  /** Bounds how long close() waits for a poll in progress. */
  static final Duration POLL_TIMEOUT = Duration.ofMillis(200);
  /** Measuring lag asks the broker for end offsets: once a second is plenty for a health check. */
  static final Duration LAG_INTERVAL = Duration.ofSeconds(1);
  private static final long JOIN_MILLIS = 30_000;

  private final String topic;
  private final Supplier<PolledFeed> open;
  private final FeedTally tally;
  private final ServeMetrics metrics;
  private final Thread thread;
  private volatile boolean stopping;
  private volatile FeedStatus.State state = FeedStatus.State.STARTING;
  private volatile long lag = -1;
  private volatile String failure;

  /**
   * @param open opens the feed; called on the feed's thread, so a failure to open (a missing topic,
   *     say) is reported like any other
   */
  FeedRunner(String topic, Supplier<PolledFeed> open, FeedTally tally, ServeMetrics metrics) {
    this.topic = Objects.requireNonNull(topic, "topic");
    this.open = Objects.requireNonNull(open, "open");
    this.tally = Objects.requireNonNull(tally, "tally");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.thread = new Thread(this::run, "feed-" + tally.feed());
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  FeedStatus status() {
    return new FeedStatus(tally.feed(), topic, state, lag, tally.appliedTotal(), tally.rejectedTotal(), failure);
  }

  private void run() {
    try (PolledFeed feed = open.get()) {
      state = FeedStatus.State.RUNNING;
      long nextLag = 0;
      while (!stopping) {
        try {
          feed.pollOnce(POLL_TIMEOUT);
        } catch (RuntimeException e) {
          tally.discard();
          throw e;
        }
        tally.publish();
        if (System.nanoTime() - nextLag >= 0) {
          lag = feed.lag();
          metrics.lag(tally.feed(), lag);
          nextLag = System.nanoTime() + LAG_INTERVAL.toNanos();
        }
      }
      state = FeedStatus.State.STOPPED;
    } catch (RuntimeException | Error e) {
      if (stopping) {
        // Closing while a poll was in progress: not a failure of the feed.
        state = FeedStatus.State.STOPPED;
        LOG.debug("feed {} stopped while polling", tally.feed(), e);
      } else {
        failure = e.getClass().getSimpleName() + ": " + e.getMessage();
        state = FeedStatus.State.FAILED;
        LOG.error("feed {} ({}) stopped: {}", tally.feed(), topic, failure, e);
      }
    } finally {
      metrics.down(tally.feed());
    }
  }

  /** Asks the feed to stop after its current poll, without waiting. */
  void requestStop() {
    stopping = true;
  }

  /** Stops the feed after its current poll and waits for it (idempotent). */
  @Override
  public void close() {
    requestStop();
    if (thread.isAlive() && thread != Thread.currentThread()) {
      try {
        thread.join(JOIN_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (thread.isAlive()) {
        LOG.warn("feed {} did not stop within {} s", tally.feed(), TimeUnit.MILLISECONDS.toSeconds(JOIN_MILLIS));
      }
    }
  }
}
