package dev.recsys.ingest.snapshot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a topic from its earliest offsets up to the end offsets it captures when it starts: a
 * consistent snapshot that stops by itself however fast producers keep writing. For offline use
 * (retraining), so it assigns partitions itself and commits nothing: it never joins or disturbs a
 * consumer group.
 *
 * <p>Records of different partitions interleave, but within a partition they arrive in offset
 * order, so a user's events (all in one partition, keyed by user) arrive in the order they were
 * written. Only
 * committed records are read ({@code isolation.level=read_committed}), so events from an aborted
 * transaction never reach a model.
 */
public final class TopicSnapshot {
  private static final Duration POLL = Duration.ofMillis(500);

  private final Map<String, Object> settings;
  private final Duration idleTimeout;

  /**
   * @param clientSettings Kafka consumer settings, at least {@code bootstrap.servers}
   * @param idleTimeout how long polls may return nothing while records are still expected before
   *     giving up (a broker that went away)
   */
  public TopicSnapshot(Map<String, Object> clientSettings, Duration idleTimeout) {
    Map<String, Object> merged = new HashMap<>(clientSettings);
    merged.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    merged.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // If retention deletes records ahead of the read position, fail rather than silently jump to
    // the end (the consumer's default) and report a snapshot with a hole in it as complete.
    merged.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
    merged.remove(ConsumerConfig.GROUP_ID_CONFIG);
    merged.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "recsys-snapshot");
    this.settings = Map.copyOf(merged);
    this.idleTimeout = idleTimeout;
  }

  /** What a snapshot read: per partition, the offset range covered; and the record count. */
  public record Summary(String topic, Map<Integer, Long> endOffsets, long records) {}

  /**
   * Reads {@code topic} up to its end offsets as of now, handing each record to {@code sink}.
   *
   * @throws IllegalArgumentException if the topic does not exist
   * @throws TimeoutException if no progress is made for the idle timeout while records remain
   */
  public Summary read(String topic, Consumer<ConsumerRecord<byte[], byte[]>> sink) {
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = partitionsOf(consumer, topic);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      Map<Integer, Long> endByPartition = new HashMap<>();
      end.forEach((partition, offset) -> endByPartition.put(partition.partition(), offset));
      List<TopicPartition> remaining = new ArrayList<>();
      for (TopicPartition partition : partitions) {
        if (consumer.position(partition) < end.get(partition)) {
          remaining.add(partition);
        }
      }
      consumer.pause(partitions);
      consumer.resume(remaining);
      long records = 0;
      long idleSince = System.nanoTime();
      while (!remaining.isEmpty()) {
        ConsumerRecords<byte[], byte[]> batch = consumer.poll(POLL);
        if (batch.isEmpty()) {
          if (System.nanoTime() - idleSince > idleTimeout.toNanos()) {
            throw new TimeoutException("snapshot of " + topic + " made no progress for " + idleTimeout
                + "; still to read: " + remaining);
          }
        } else {
          idleSince = System.nanoTime();
        }
        for (TopicPartition partition : batch.partitions()) {
          long limit = end.get(partition);
          for (ConsumerRecord<byte[], byte[]> record : batch.records(partition)) {
            if (record.offset() < limit) {
              sink.accept(record);
              records++;
            }
          }
        }
        // The position can pass the end offset without a record at it (transaction markers).
        for (var iterator = remaining.iterator(); iterator.hasNext(); ) {
          TopicPartition partition = iterator.next();
          if (consumer.position(partition) >= end.get(partition)) {
            consumer.pause(List.of(partition));
            iterator.remove();
          }
        }
      }
      return new Summary(topic, Map.copyOf(endByPartition), records);
    }
  }

  private static List<TopicPartition> partitionsOf(KafkaConsumer<?, ?> consumer, String topic) {
    List<PartitionInfo> infos = consumer.partitionsFor(topic);
    if (infos == null || infos.isEmpty()) {
      throw new IllegalArgumentException("topic '" + topic + "' does not exist");
    }
    return infos.stream().map(info -> new TopicPartition(topic, info.partition())).toList();
  }
}
