package dev.recsys.stream.kafka;

import dev.recsys.events.Recommendation;
import dev.recsys.events.RecommendationJson;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Recommendations keyed by user id, so the compacted topic keeps each user's latest list and a
 * user's lists stay in order on one partition. The record timestamp is the processing time: the
 * triggering event may be years old (a replay), and its time is in the payload.
 */
public final class RecommendationSerializer implements KafkaRecordSerializationSchema<Recommendation> {
  private static final long serialVersionUID = 1L;
  private final String topic;

  public RecommendationSerializer(String topic) {
    this.topic = topic;
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(Recommendation recommendation, KafkaSinkContext context, Long timestamp) {
    return new ProducerRecord<>(topic, null, recommendation.processedAt(),
        recommendation.userId().getBytes(StandardCharsets.UTF_8), RecommendationJson.toBytes(recommendation));
  }
}
