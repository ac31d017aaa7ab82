package dev.recsys.ingest.validate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * The record's own timestamp, or the partition's stream time when it has none (negative).
 *
 * <p>Kafka Streams' default extractor stops the application on such a record, and the "skip"
 * variant drops it without a trace; the validator must neither stop nor lose a record.
 */
final class RecordTimeExtractor implements TimestampExtractor {
  @Override
  public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
    if (record.timestamp() >= 0) {
      return record.timestamp();
    }
    return partitionTime >= 0 ? partitionTime : System.currentTimeMillis();
  }
}
