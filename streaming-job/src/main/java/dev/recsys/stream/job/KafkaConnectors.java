package dev.recsys.stream.job;

import dev.recsys.events.ModelUpdate;
import dev.recsys.events.Recommendation;
import dev.recsys.stream.config.StreamSettings;
import dev.recsys.stream.kafka.ActionRecordDeserializer;
import dev.recsys.stream.kafka.DeadLetter;
import dev.recsys.stream.kafka.DeadLetterSerializer;
import dev.recsys.stream.kafka.IncomingRecord;
import dev.recsys.stream.kafka.ModelUpdateDeserializer;
import dev.recsys.stream.kafka.RecommendationSerializer;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** The job's Kafka sources and sinks, built from the settings with the user's client properties passed through. */
public final class KafkaConnectors {
  private KafkaConnectors() {}

  /** Builds the whole job on Kafka. */
  public static RecommendationJob job(JobModel startModel, StreamSettings settings) {
    return new RecommendationJob(startModel, settings, events(settings), watermarks(settings), modelUpdates(settings),
        recommendations(settings), deadLetters(settings));
  }

  /** The recommendations topic, with the configured delivery guarantee. */
  public static KafkaSink<Recommendation> recommendations(StreamSettings settings) {
    return sink(settings, new RecommendationSerializer(settings.outputTopic()), "");
  }

  /** The dead-letter topic; its own transactional ids, so the two sinks never fence each other. */
  public static KafkaSink<DeadLetter> deadLetters(StreamSettings settings) {
    return sink(settings, new DeadLetterSerializer(settings.deadLetterTopic()), "-dlq");
  }

  /**
   * The clean topic, from the committed offsets of the job's group (the earliest offset on a first
   * start, so histories are built from the whole log); read_committed, because the validator writes
   * it in transactions.
   */
  public static KafkaSource<IncomingRecord> events(StreamSettings settings) {
    return KafkaSource.<IncomingRecord>builder()
        .setProperties(consumerProperties(settings))
        .setTopics(settings.inputTopic())
        .setGroupId(settings.groupId())
        .setClientIdPrefix(settings.groupId() + "-events")
        .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
        .setDeserializer(new ActionRecordDeserializer())
        .build();
  }

  /** Announcements made after the job starts; a restored job resumes from its checkpointed offset. */
  public static KafkaSource<ModelUpdate> modelUpdates(StreamSettings settings) {
    return KafkaSource.<ModelUpdate>builder()
        .setProperties(consumerProperties(settings))
        .setTopics(settings.modelUpdatesTopic())
        .setGroupId(settings.groupId() + "-model-updates")
        .setClientIdPrefix(settings.groupId() + "-model-updates")
        .setStartingOffsets(OffsetsInitializer.latest())
        .setDeserializer(new ModelUpdateDeserializer())
        .build();
  }

  /** Event time from the action's timestamp, bounded out-of-orderness, idle partitions released. */
  public static WatermarkStrategy<IncomingRecord> watermarks(StreamSettings settings) {
    return WatermarkStrategy.<IncomingRecord>forBoundedOutOfOrderness(settings.maxOutOfOrderness())
        .withTimestampAssigner((record, kafkaTimestamp) ->
            record.isValid() ? record.action().action().timestamp() : kafkaTimestamp)
        .withIdleness(settings.idleTimeout());
  }

  private static <T> KafkaSink<T> sink(StreamSettings settings, KafkaRecordSerializationSchema<T> serializer,
      String idSuffix) {
    Properties properties = settings.kafkaClientProperties();
    properties.setProperty("transaction.timeout.ms", Long.toString(settings.transactionTimeout().toMillis()));
    return KafkaSink.<T>builder()
        .setKafkaProducerConfig(properties)
        .setBootstrapServers(settings.bootstrapServers())
        .setRecordSerializer(serializer)
        .setDeliveryGuarantee(settings.deliveryGuarantee())
        .setTransactionalIdPrefix(settings.transactionalIdPrefix() + idSuffix)
        .build();
  }

  private static Properties consumerProperties(StreamSettings settings) {
    Properties properties = settings.kafkaClientProperties();
    properties.setProperty("isolation.level", "read_committed");
    return properties;
  }
}
