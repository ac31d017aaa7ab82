package dev.recsys.cli.demo;

import dev.recsys.events.Recommendation;
import dev.recsys.events.RecommendationJson;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Watches the recommendations topic as an application would (read_committed, so only what the
 * job's checkpoints made visible) and prints a few live lines a second: who got what, from which
 * model, how long after the triggering event. Notices when a new model version starts serving.
 */
public final class LiveView implements AutoCloseable {
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
  private static final int ITEMS_SHOWN = 5;

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String topic;
  private final PrintStream out;
  private final long lineIntervalNanos;
  private final Thread thread;
  private final Map<String, Long> perVersion = new LinkedHashMap<>();
  private final List<Long> visibleAfterMillis = new ArrayList<>();
  private volatile boolean running = true;
  private volatile RuntimeException failure;
  private long malformed;
  private long lastLine;

  /**
   * @param clientSettings Kafka consumer settings, at least bootstrap.servers
   * @param linesPerSecond at most this many recommendation lines are printed per second
   */
  public LiveView(Map<String, Object> clientSettings, String topic, PrintStream out, double linesPerSecond) {
    Map<String, Object> settings = new HashMap<>(clientSettings);
    settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
    this.consumer = new KafkaConsumer<>(settings);
    this.topic = topic;
    this.out = out;
    this.lineIntervalNanos = (long) (1e9 / linesPerSecond);
    try {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toList());
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
    } catch (RuntimeException e) {
      consumer.close(Duration.ZERO);
      throw e;
    }
    this.thread = new Thread(this::run, "demo-live-view");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    try {
      while (running) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          accept(record);
        }
      }
    } catch (WakeupException e) {
      if (running) {
        fail(e);
      }
    } catch (RuntimeException e) {
      fail(e);
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  /** Wakes a waiting {@link #awaitVersion}, which rethrows, rather than letting it wait out its timeout. */
  private synchronized void fail(RuntimeException e) {
    failure = e;
    notifyAll();
  }

  private void accept(ConsumerRecord<byte[], byte[]> record) {
    Recommendation recommendation;
    try {
      recommendation = RecommendationJson.parse(record.value());
    } catch (IllegalArgumentException e) {
      synchronized (this) {
        malformed++;
      }
      return;
    }
    // processedAt is the job's clock when it scored; same machine, so the difference is the exactly-once delay.
    long visibleAfter = System.currentTimeMillis() - recommendation.processedAt();
    boolean firstOfVersion;
    synchronized (this) {
      firstOfVersion = !perVersion.containsKey(recommendation.modelVersion());
      perVersion.merge(recommendation.modelVersion(), 1L, Long::sum);
      visibleAfterMillis.add(visibleAfter);
      notifyAll();
    }
    if (firstOfVersion) {
      out.printf(Locale.ROOT, "%s  model %s is serving: first recommendation from it for user %s%n",
          clock(), recommendation.modelVersion(), recommendation.userId());
    }
    long now = System.nanoTime();
    if (firstOfVersion || now - lastLine >= lineIntervalNanos) {
      lastLine = now;
      String items = recommendation.items().stream().limit(ITEMS_SHOWN).map(Recommendation.Item::itemId)
          .collect(Collectors.joining(" "));
      out.printf(Locale.ROOT, "%s  %-6s <- %-40s %s%s  visible %d ms after scoring%n", clock(), recommendation.userId(),
          items, recommendation.modelVersion(), recommendation.coldStart() ? " (cold start)" : "", visibleAfter);
    }
  }

  /** Waits until a recommendation from {@code version} has been read; false on timeout. */
  public synchronized boolean awaitVersion(String version, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!perVersion.containsKey(version)) {
      rethrowFailure();
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  /** Recommendations read so far, per model version, in the order versions appeared. */
  public synchronized Map<String, Long> countsPerVersion() {
    rethrowFailure();
    return new LinkedHashMap<>(perVersion);
  }

  public synchronized long total() {
    return perVersion.values().stream().mapToLong(Long::longValue).sum();
  }

  public synchronized long malformed() {
    return malformed;
  }

  /** The median time from the job writing a recommendation to this reader seeing it, or -1 if none. */
  public synchronized long medianVisibleAfterMillis() {
    if (visibleAfterMillis.isEmpty()) {
      return -1;
    }
    List<Long> sorted = new ArrayList<>(visibleAfterMillis);
    sorted.sort(null);
    return sorted.get(sorted.size() / 2);
  }

  private void rethrowFailure() {
    if (failure != null) {
      throw new IllegalStateException("the live view stopped reading " + topic + ": " + failure.getMessage(), failure);
    }
  }

  private static String clock() {
    return LocalTime.ofInstant(Instant.now(), ZoneId.systemDefault()).format(CLOCK);
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
