package dev.recsys.stream.kafka;

import dev.recsys.events.ModelUpdate;
import dev.recsys.events.ModelUpdateJson;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Model announcements. A malformed one is refused here, logged with its offset and counted
 * ({@code modelUpdatesMalformed}); the serving model is untouched and the announcement stays on the
 * topic for whoever needs to look at it.
 */
public final class ModelUpdateDeserializer implements KafkaRecordDeserializationSchema<ModelUpdate> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(ModelUpdateDeserializer.class);
  private transient Counter malformed;

  @Override
  public void open(DeserializationSchema.InitializationContext context) {
    malformed = context.getMetricGroup().counter("modelUpdatesMalformed");
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ModelUpdate> out) {
    ModelUpdate update;
    try {
      update = ModelUpdateJson.parse(record.value());
    } catch (IllegalArgumentException e) {
      LOG.error("Refused model announcement {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
          e.getMessage());
      if (malformed != null) {
        malformed.inc();
      }
      return;
    }
    out.collect(update);
  }

  @Override
  public TypeInformation<ModelUpdate> getProducedType() {
    return TypeInformation.of(ModelUpdate.class);
  }
}
