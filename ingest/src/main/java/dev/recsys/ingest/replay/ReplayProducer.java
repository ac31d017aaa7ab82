package dev.recsys.ingest.replay;

import dev.recsys.events.UserAction;
import dev.recsys.events.UserActionJson;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produces {@link UserAction}s to a topic in the order given, keyed by user id, as canonical JSON,
 * optionally paced to a rate.
 *
 * <p>The producer is idempotent with {@code acks=all}, so a retry after a lost acknowledgement
 * neither duplicates nor reorders a user's events. An event counts as sent only once the broker
 * acknowledged it; one that failed after the producer's own retries counts as failed, with the
 * first error kept for the summary, and the replay stops handing over further events. The record timestamp is left to the producer (send time):
 * historical event times as record timestamps would make time-based retention delete the data at
 * once; event time travels in the payload.
 */
public final class ReplayProducer {
  /** Defaults for throughput with safety; any of them can be overridden by the caller's settings. */
  static final Map<String, Object> DEFAULTS = Map.of(
      ProducerConfig.ACKS_CONFIG, "all",
      ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
      ProducerConfig.LINGER_MS_CONFIG, 20,
      ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
      ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
      ProducerConfig.CLIENT_ID_CONFIG, "recsys-replay");

  private static final long MAX_PARK_NANOS = 50_000_000L;

  private final Map<String, Object> settings;
  private volatile boolean cancelled;

  /** @param clientSettings Kafka producer settings, at least {@code bootstrap.servers} */
  public ReplayProducer(Map<String, Object> clientSettings) {
    Map<String, Object> merged = new HashMap<>(DEFAULTS);
    merged.putAll(clientSettings);
    this.settings = Map.copyOf(merged);
  }

  /**
   * Sends {@code events} and waits for every acknowledgement.
   *
   * @param ratePerSecond events per second, or 0 for as fast as the producer goes
   * @param progress called from the sending thread with the number of events handed to the producer so far
   */
  public ReplaySummary replay(Iterable<UserAction> events, String topic, double ratePerSecond, LongConsumer progress) {
    if (ratePerSecond < 0 || Double.isNaN(ratePerSecond)) {
      throw new IllegalArgumentException("rate must be 0 (unlimited) or positive, got " + ratePerSecond);
    }
    try (Producer<String, byte[]> producer =
        new KafkaProducer<>(settings, new StringSerializer(), new ByteArraySerializer())) {
      return replay(producer, events, topic, ratePerSecond, progress);
    }
  }

  ReplaySummary replay(Producer<String, byte[]> producer, Iterable<UserAction> events, String topic,
      double ratePerSecond, LongConsumer progress) {
    AtomicLong acknowledged = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicReference<Exception> firstError = new AtomicReference<>();
    long start = System.nanoTime();
    long handedOver = 0;
    for (UserAction event : events) {
      // An event that failed after the producer's own retries means the cluster or the topic is
      // wrong (gone, not authorised, too small); sending the rest would only fail the same way.
      if (cancelled || failed.get() > 0) {
        break;
      }
      if (ratePerSecond > 0 && !awaitTurn(start + (long) (handedOver * 1e9 / ratePerSecond))) {
        break;
      }
      try {
        producer.send(new ProducerRecord<>(topic, event.userId(), UserActionJson.toBytes(event)), (metadata, error) -> {
          if (error == null) {
            acknowledged.incrementAndGet();
          } else {
            failed.incrementAndGet();
            firstError.compareAndSet(null, error);
          }
        });
      } catch (KafkaException e) {
        // send() itself refuses (a record too large, buffer exhaustion past max.block.ms, a closed
        // producer): count it like a failed acknowledgement so the summary still says what happened.
        failed.incrementAndGet();
        firstError.compareAndSet(null, e);
        break;
      }
      handedOver++;
      progress.accept(handedOver);
    }
    producer.flush();
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    Exception error = firstError.get();
    return new ReplaySummary(acknowledged.get(), failed.get(), cancelled,
        error == null ? null : error.getClass().getSimpleName() + ": " + error.getMessage(), elapsed);
  }

  /** Sleeps until {@code dueNanos} in short slices so that {@link #cancel()} is noticed; false if cancelled. */
  private boolean awaitTurn(long dueNanos) {
    long wait;
    while ((wait = dueNanos - System.nanoTime()) > 0) {
      if (cancelled) {
        return false;
      }
      LockSupport.parkNanos(Math.min(wait, MAX_PARK_NANOS));
    }
    return !cancelled;
  }

  /** Stops handing events to the producer; {@link #replay} then flushes what it has and returns. */
  public void cancel() {
    cancelled = true;
  }
}
