package dev.recsys.store.serve;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one feed on a thread of its own until closed: polls, publishes the counts, and measures the
 * lag every {@link #LAG_INTERVAL}. Kafka being unreachable makes it reopen the feed with backoff;
 * any other failure stops it. Either way the reason is kept, so {@code /healthz} can say which feed
 * is not running and why instead of the thread dying unseen.
 */
final class FeedRunner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FeedRunner.class);
  /** Bounds how long close() waits for a poll in progress. */
  static final Duration POLL_TIMEOUT = Duration.ofMillis(200);
  /** Measuring lag asks the broker for end offsets: once a second is plenty for a health check. */
  static final Duration LAG_INTERVAL = Duration.ofSeconds(1);
  private static final long JOIN_MILLIS = 30_000;
  static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private final String topic;
  private final Supplier<PolledFeed> open;
  private final FeedTally tally;
  private final ServeMetrics metrics;
  private final Thread thread;
  private volatile boolean stopping;
  private final CountDownLatch stopSignal = new CountDownLatch(1);
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
    try {
      Duration backoff = FIRST_BACKOFF;
      while (!stopping) {
        try {
          pollUntilStopped();
        } catch (RetriableException e) {
          if (stopping) {
            break;
          }
          // Kafka unreachable for a while (a broker restart, say): reads stay consistent, the feed
          // reopens from the offsets in the store. These arise before any record is applied, so
          // the typed stores' in-memory state still matches the store.
          failure = describe(e);
          state = FeedStatus.State.RETRYING;
          LOG.warn("feed {} ({}): {}; reopening in {} s", tally.feed(), topic, failure, backoff.toSeconds());
          stopSignal.await(backoff.toMillis(), TimeUnit.MILLISECONDS);
          backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
      }
      state = FeedStatus.State.STOPPED;
    } catch (InterruptedException e) {
      state = FeedStatus.State.STOPPED;
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      if (stopping) {
        // Closing while a poll was in progress: not a failure of the feed.
        state = FeedStatus.State.STOPPED;
        LOG.debug("feed {} stopped while polling", tally.feed(), e);
      } else {
        failure = describe(e);
        state = FeedStatus.State.FAILED;
        LOG.error("feed {} ({}) stopped: {}", tally.feed(), topic, failure, e);
      }
    } finally {
      metrics.down(tally.feed());
    }
  }

  /** Opens the feed and polls until asked to stop; RUNNING once a poll has succeeded. */
  private void pollUntilStopped() {
    try (PolledFeed feed = open.get()) {
      long nextLag = System.nanoTime();
      while (!stopping) {
        try {
          feed.pollOnce(POLL_TIMEOUT);
        } catch (RuntimeException e) {
          tally.discard();
          throw e;
        }
        tally.publish();
        if (state != FeedStatus.State.RUNNING) {
          failure = null;
          state = FeedStatus.State.RUNNING;
        }
        if (System.nanoTime() - nextLag >= 0) {
          lag = feed.lag();
          metrics.lag(tally.feed(), lag);
          nextLag = System.nanoTime() + LAG_INTERVAL.toNanos();
        }
      }
    }
  }

  private static String describe(Throwable e) {
    return e.getClass().getSimpleName() + ": " + e.getMessage();
  }

  /** Asks the feed to stop after its current poll, without waiting. */
  void requestStop() {
    stopping = true;
    stopSignal.countDown();
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
