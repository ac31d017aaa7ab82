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
    DeadLetterHeaders.of(letter.reason(), letter.detail(), letter.topic(), letter.partition(), letter.offset(),
        letter.timestamp(), now).forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
    return new ProducerRecord<>(topic, null, now, letter.key(), letter.value(), headers);
  }
}
