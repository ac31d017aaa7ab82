package dev.recsys.stream.config;

import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * The job's settings, read once from a Flink configuration and checked: a bad value is refused with
 * the key and the reason before anything starts.
 */
public record StreamSettings(
    String modelPath,
    String modelVersion,
    int k,
    int batchSize,
    Duration batchTimeout,
    int historyMaxLength,
    Duration historyTtl,
    String bootstrapServers,
    String inputTopic,
    String outputTopic,
    String modelUpdatesTopic,
    String deadLetterTopic,
    String groupId,
    String transactionalIdPrefix,
    DeliveryGuarantee deliveryGuarantee,
    Duration transactionTimeout,
    Duration maxOutOfOrderness,
    Duration idleTimeout,
    Map<String, String> kafkaProperties) implements Serializable {

  private static final long serialVersionUID = 1L;

  public StreamSettings {
    require(modelPath != null && !modelPath.isBlank(), StreamOptions.MODEL_PATH, "is required (the model artifact to serve)");
    require(modelVersion == null || !modelVersion.isBlank(), StreamOptions.MODEL_VERSION, "must not be blank");
    require(k >= 1 && k <= 1000, StreamOptions.TOP_K, "must be in 1..1000, got " + k);
    require(batchSize >= 1 && batchSize <= 4096, StreamOptions.BATCH_SIZE, "must be in 1..4096, got " + batchSize);
    require(!batchTimeout.isNegative() && batchTimeout.compareTo(Duration.ofSeconds(10)) <= 0,
        StreamOptions.BATCH_TIMEOUT, "must be in 0 ms..10 s, got " + batchTimeout.toMillis() + " ms");
    require(historyMaxLength >= 0 && historyMaxLength <= 100_000, StreamOptions.HISTORY_MAX_LENGTH,
        "must be in 0..100000 (0 = the model's maxLen), got " + historyMaxLength);
    require(!historyTtl.isNegative(), StreamOptions.HISTORY_TTL, "must not be negative");
    require(!bootstrapServers.isBlank(), StreamOptions.BOOTSTRAP_SERVERS, "must not be blank");
    requireName(inputTopic, StreamOptions.INPUT_TOPIC);
    requireName(outputTopic, StreamOptions.OUTPUT_TOPIC);
    requireName(modelUpdatesTopic, StreamOptions.MODEL_UPDATES_TOPIC);
    requireName(deadLetterTopic, StreamOptions.DEAD_LETTER_TOPIC);
    requireName(groupId, StreamOptions.GROUP_ID);
    requireName(transactionalIdPrefix, StreamOptions.TRANSACTIONAL_ID_PREFIX);
    require(transactionTimeout.toMillis() >= 1000 && transactionTimeout.toMillis() <= Integer.MAX_VALUE,
        StreamOptions.TRANSACTION_TIMEOUT, "must be at least 1 s");
    require(!maxOutOfOrderness.isNegative(), StreamOptions.MAX_OUT_OF_ORDERNESS, "must not be negative");
    require(!idleTimeout.isNegative() && !idleTimeout.isZero(), StreamOptions.IDLE_TIMEOUT, "must be positive");
    kafkaProperties = Map.copyOf(kafkaProperties);
  }

  /** Reads and checks every {@link StreamOptions} key; Kafka properties come from the prefixed keys. */
  public static StreamSettings from(ReadableConfig config) {
    Map<String, String> kafka = new java.util.TreeMap<>();
    config.toMap().forEach((key, value) -> {
      if (key.startsWith(StreamOptions.KAFKA_PROPERTIES_PREFIX)) {
        kafka.put(key.substring(StreamOptions.KAFKA_PROPERTIES_PREFIX.length()), value);
      }
    });
    return new StreamSettings(
        config.get(StreamOptions.MODEL_PATH),
        config.get(StreamOptions.MODEL_VERSION),
        config.get(StreamOptions.TOP_K),
        config.get(StreamOptions.BATCH_SIZE),
        config.get(StreamOptions.BATCH_TIMEOUT),
        config.get(StreamOptions.HISTORY_MAX_LENGTH),
        config.get(StreamOptions.HISTORY_TTL),
        config.get(StreamOptions.BOOTSTRAP_SERVERS),
        config.get(StreamOptions.INPUT_TOPIC),
        config.get(StreamOptions.OUTPUT_TOPIC),
        config.get(StreamOptions.MODEL_UPDATES_TOPIC),
        config.get(StreamOptions.DEAD_LETTER_TOPIC),
        config.get(StreamOptions.GROUP_ID),
        config.get(StreamOptions.TRANSACTIONAL_ID_PREFIX),
        config.get(StreamOptions.DELIVERY_GUARANTEE),
        config.get(StreamOptions.TRANSACTION_TIMEOUT),
        config.get(StreamOptions.MAX_OUT_OF_ORDERNESS),
        config.get(StreamOptions.IDLE_TIMEOUT),
        kafka);
  }

  /** The Kafka client properties to pass through, with the job's own settings applied last. */
  public Properties kafkaClientProperties() {
    Properties properties = new Properties();
    properties.putAll(kafkaProperties);
    properties.setProperty("bootstrap.servers", bootstrapServers);
    return properties;
  }

  private static void requireName(String value, ConfigOption<String> option) {
    require(value != null && !value.isBlank(), option, "must not be blank");
  }

  private static void require(boolean condition, ConfigOption<?> option, String problem) {
    if (!condition) {
      throw new IllegalArgumentException(option.key() + " " + problem);
    }
  }
}
