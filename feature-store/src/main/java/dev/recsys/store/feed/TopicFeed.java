package dev.recsys.store.feed;

import dev.recsys.store.kv.Batch;
import dev.recsys.store.kv.KeySpace;
import dev.recsys.store.kv.KeyValue;
import dev.recsys.store.kv.KeyValueIterator;
import dev.recsys.store.kv.KeyValueStore;
import dev.recsys.store.kv.StoreException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes one topic into a store; each poll's records and the next offsets are written in ONE
 * batch, so a killed process resumes exactly where the store says, with nothing applied twice or
 * lost. Assigns partitions itself (no consumer group, nothing committed to Kafka), reads only
 * committed records ({@code read_committed}), starts a partition at its earliest offset when the
 * store has none for it, and picks up partitions added to the topic later.
 *
 * <p>Offsets live under {@link KeySpace#FEED_OFFSETS}, keyed by topic and partition (the value is
 * the next offset to read, 8 bytes big-endian). Between calls the consumer's position always
 * equals the stored offset, so a failed handler or write leaves nothing half-applied: the
 * consumer is moved back and the records come again.
 *
 * <p>Not thread-safe (a Kafka consumer is not): one thread uses a feed.
 */
public final class TopicFeed implements AutoCloseable {
  /** Applies one record by adding writes to {@code batch}; the feed writes the batch. */
  @FunctionalInterface
  public interface RecordHandler {
    void apply(ConsumerRecord<byte[], byte[]> record, Batch batch);
  }

  private static final Logger LOG = LoggerFactory.getLogger(TopicFeed.class);
  private static final Duration REPLAY_POLL = Duration.ofMillis(200);

  private final String name;
  private final String topic;
  private final KeyValueStore kv;
  private final RecordHandler handler;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final byte[] topicPrefix;
  private final Map<TopicPartition, Long> stored;
  private final Set<TopicPartition> assigned = new HashSet<>();
  private boolean closed;

  /**
   * @param name names the feed in logs, errors and the default client id
   * @param clientSettings Kafka consumer settings, at least {@code bootstrap.servers}; a group id
   *     is ignored, and {@code auto.offset.reset} (used only when a stored offset was deleted by
   *     retention) defaults to {@code earliest}
   * @throws IllegalArgumentException if the topic does not exist
   */
  public TopicFeed(String name, Map<String, Object> clientSettings, String topic, KeyValueStore kv,
      RecordHandler handler) {
    this.name = Objects.requireNonNull(name, "name");
    this.topic = Objects.requireNonNull(topic, "topic");
    this.kv = Objects.requireNonNull(kv, "kv");
    this.handler = Objects.requireNonNull(handler, "handler");
    Map<String, Object> settings = new HashMap<>(clientSettings);
    settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
    settings.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    settings.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "recsys-feed-" + name);
    this.topicPrefix = KeySpace.FEED_OFFSETS.keyWithText(topic);
    this.stored = readStoredOffsets();
    this.consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    try {
      refreshPartitions();
    } catch (RuntimeException e) {
      consumer.close();
      throw e;
    }
  }

  /** The topic's end offsets now (with read_committed: up to the last committed record). */
  public Map<TopicPartition, Long> endOffsets() {
    refreshPartitions();
    return Map.copyOf(consumer.endOffsets(assigned));
  }

  /**
   * Applies records from the stored offsets (earliest where none) up to {@code endOffsets},
   * exclusive, and stops: partitions missing from the map are not read. Records past the end that
   * a poll returns are left for the next call.
   *
   * @param idleTimeout how long polls may bring nothing while records are still expected
   * @param progress told the number of records applied so far after each batch written
   * @return the number of records applied
   * @throws TimeoutException if no progress is made for {@code idleTimeout}
   */
  public long replayTo(Map<TopicPartition, Long> endOffsets, Duration idleTimeout, LongConsumer progress) {
    refreshPartitions();
    List<TopicPartition> remaining = new ArrayList<>();
    for (TopicPartition partition : assigned) {
      Long end = endOffsets.get(partition);
      if (end != null && consumer.position(partition) < end) {
        remaining.add(partition);
      }
    }
    long applied = 0;
    consumer.pause(assigned);
    consumer.resume(remaining);
    try {
      long idleSince = System.nanoTime();
      while (!remaining.isEmpty()) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(REPLAY_POLL);
        Batch batch = new Batch();
        int count = 0;
        for (TopicPartition partition : records.partitions()) {
          long end = endOffsets.get(partition);
          for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
            if (record.offset() < end) {
              handler.apply(record, batch);
              count++;
            }
          }
        }
        Map<TopicPartition, Long> next = new HashMap<>();
        List<TopicPartition> done = new ArrayList<>();
        for (TopicPartition partition : remaining) {
          long end = endOffsets.get(partition);
          long upTo = Math.min(consumer.position(partition), end);
          if (!Objects.equals(stored.get(partition), upTo)) {
            next.put(partition, upTo);
          }
          if (upTo == end) {
            done.add(partition);
          }
        }
        write(batch, next);
        for (TopicPartition partition : done) {
          consumer.seek(partition, endOffsets.get(partition)); // back from records past the end
        }
        consumer.pause(done);
        remaining.removeAll(done);
        applied += count;
        if (count > 0 || !next.isEmpty()) {
          idleSince = System.nanoTime();
          progress.accept(applied);
        } else if (System.nanoTime() - idleSince > idleTimeout.toNanos()) {
          throw new TimeoutException("feed '" + name + "': replay of " + topic + " made no progress for "
              + idleTimeout + "; still to read: " + remaining);
        }
      }
    } catch (RuntimeException e) {
      seekToStored(assigned);
      throw e;
    } finally {
      consumer.resume(assigned);
    }
    return applied;
  }

  /**
   * Waits up to {@code timeout} for records, applies all that came and stores the next offsets,
   * in one batch.
   *
   * @return the number of records applied
   */
  public int pollOnce(Duration timeout) {
    refreshPartitions();
    try {
      ConsumerRecords<byte[], byte[]> records = consumer.poll(timeout);
      Batch batch = new Batch();
      for (ConsumerRecord<byte[], byte[]> record : records) {
        handler.apply(record, batch);
      }
      // Positions move without records too (transaction markers, aborted records), but only a
      // partition that was read before has a position without a fetch.
      Set<TopicPartition> moved = new HashSet<>(records.partitions());
      moved.addAll(stored.keySet());
      moved.retainAll(assigned);
      Map<TopicPartition, Long> next = new HashMap<>();
      for (TopicPartition partition : moved) {
        long position = consumer.position(partition);
        if (!Objects.equals(stored.get(partition), position)) {
          next.put(partition, position);
        }
      }
      write(batch, next);
      return records.count();
    } catch (RuntimeException e) {
      seekToStored(assigned);
      throw e;
    }
  }

  /** The next offset to read per partition, as stored; partitions never read are absent. */
  public Map<TopicPartition, Long> storedOffsets() {
    return readStoredOffsets();
  }

  /** Closes the consumer; the store stays open (it is the caller's). */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      consumer.close();
    }
  }

  private void write(Batch batch, Map<TopicPartition, Long> next) {
    if (batch.isEmpty() && next.isEmpty()) {
      return;
    }
    next.forEach((partition, offset) ->
        batch.put(offsetKey(partition), ByteBuffer.allocate(Long.BYTES).putLong(offset).array()));
    kv.write(batch);
    stored.putAll(next);
  }

  /** Assigns partitions the topic gained since the last call, each at its stored offset. */
  private void refreshPartitions() {
    if (closed) {
      throw new IllegalStateException("feed '" + name + "' is closed");
    }
    List<PartitionInfo> infos = consumer.partitionsFor(topic);
    if (infos == null || infos.isEmpty()) {
      throw new IllegalArgumentException("feed '" + name + "': topic '" + topic + "' does not exist");
    }
    List<TopicPartition> added = new ArrayList<>();
    for (PartitionInfo info : infos) {
      TopicPartition partition = new TopicPartition(topic, info.partition());
      if (assigned.add(partition)) {
        added.add(partition);
      }
    }
    if (!added.isEmpty()) {
      consumer.assign(assigned);
      seekToStored(assigned);
      Map<Integer, Object> starts = new HashMap<>();
      for (TopicPartition partition : added) {
        starts.put(partition.partition(), stored.containsKey(partition) ? stored.get(partition) : "earliest");
      }
      LOG.info("feed '{}' reads {} partitions {} from {}", name, topic, starts.keySet(), starts);
    }
  }

  private void seekToStored(Set<TopicPartition> partitions) {
    List<TopicPartition> fresh = new ArrayList<>();
    for (TopicPartition partition : partitions) {
      Long offset = stored.get(partition);
      if (offset == null) {
        fresh.add(partition);
      } else {
        consumer.seek(partition, offset);
      }
    }
    if (!fresh.isEmpty()) {   // an empty list would send every assigned partition back to the beginning
      consumer.seekToBeginning(fresh);
    }
  }

  private byte[] offsetKey(TopicPartition partition) {
    byte[] key = Arrays.copyOf(topicPrefix, topicPrefix.length + Integer.BYTES);
    ByteBuffer.wrap(key, topicPrefix.length, Integer.BYTES).putInt(partition.partition());
    return key;
  }

  private Map<TopicPartition, Long> readStoredOffsets() {
    byte[] prefix = topicPrefix;
    Map<TopicPartition, Long> offsets = new HashMap<>();
    try (KeyValueIterator entries = kv.range(prefix, KeySpace.prefixEnd(prefix))) {
      while (entries.hasNext()) {
        KeyValue entry = entries.next();
        if (entry.key().length != prefix.length + Integer.BYTES || entry.value().length != Long.BYTES) {
          throw new StoreException(kv.name(), kv.location(), "damaged offset of feed '" + name + "' for topic "
              + topic + ": key " + Arrays.toString(entry.key()));
        }
        int partition = ByteBuffer.wrap(entry.key(), prefix.length, Integer.BYTES).getInt();
        offsets.put(new TopicPartition(topic, partition), ByteBuffer.wrap(entry.value()).getLong());
      }
    }
    return offsets;
  }
}
