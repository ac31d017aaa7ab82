package dev.recsys.stream.kafka;

import dev.recsys.events.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** Dead letters in the validator's format: original key and value, reason and source in headers. */
public final class DeadLetterSerializer implements KafkaRecordSerializationSchema<DeadLetter> {
  private static final long serialVersionUID = 1L;
  private final String topic;

  public DeadLetterSerializer(String topic) {
    this.topic = topic;
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(DeadLetter letter, KafkaSinkContext context, Long timestamp) {
    long now = System.currentTimeMillis();
    RecordHeaders headers = new RecordHeaders();
    header(headers, DeadLetterHeaders.REASON, letter.reason());
    header(headers, DeadLetterHeaders.DETAIL, letter.detail());
    header(headers, DeadLetterHeaders.SOURCE_TOPIC, letter.topic());
    header(headers, DeadLetterHeaders.SOURCE_PARTITION, Integer.toString(letter.partition()));
    header(headers, DeadLetterHeaders.SOURCE_OFFSET, Long.toString(letter.offset()));
    header(headers, DeadLetterHeaders.SOURCE_TIMESTAMP, Long.toString(letter.timestamp()));
    header(headers, DeadLetterHeaders.REJECTED_AT, Long.toString(now));
    return new ProducerRecord<>(topic, null, now, letter.key(), letter.value(), headers);
  }

  private static void header(RecordHeaders headers, String name, String value) {
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }
}
