package dev.recsys.retrain;

import dev.recsys.events.ModelUpdate;
import dev.recsys.events.ModelUpdateJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes a model announcement on the model-updates topic, keyed by version, and waits until
 * every in-sync replica has it: a model is announced once it is checked, and a caller that prints
 * "announced" must be right. Used by {@code recsys announce} and by retraining.
 */
public final class ModelAnnouncer {
  private ModelAnnouncer() {}

  /**
   * @param kafka client settings, at least {@code bootstrap.servers}
   * @throws IOException when the broker does not take it
   */
  public static RecordMetadata announce(Map<String, Object> kafka, String topic, ModelUpdate update)
      throws IOException, InterruptedException {
    Map<String, Object> settings = new HashMap<>(kafka);
    settings.put(ProducerConfig.ACKS_CONFIG, "all");
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer())) {
      return producer.send(new ProducerRecord<>(topic, update.version().getBytes(StandardCharsets.UTF_8),
          ModelUpdateJson.toBytes(update))).get();
    } catch (ExecutionException e) {
      throw new IOException("announcing on " + topic + " failed: " + e.getCause().getMessage(), e.getCause());
    }
  }
}
