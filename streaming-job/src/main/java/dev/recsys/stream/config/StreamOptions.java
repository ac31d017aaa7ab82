package dev.recsys.stream.config;

import static org.apache.flink.configuration.ConfigOptions.key;

import dev.recsys.events.Topics;
import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * Every setting of the recommendation job, declared once: key, type, default and documentation,
 * as Flink declares its own options. They are read from the Flink configuration ({@code config.yaml}
 * or {@code -Dkey=value}), and the job's program arguments ({@code --k 20}) override them; see
 * {@link StreamSettings} for the checks. Kafka client properties pass through under
 * {@link #KAFKA_PROPERTIES_PREFIX}.
 */
public final class StreamOptions {
  /** {@code recsys.kafka.properties.<name>} sets the Kafka client property {@code <name>}. */
  public static final String KAFKA_PROPERTIES_PREFIX = "recsys.kafka.properties.";

  public static final ConfigOption<String> MODEL_PATH = key("recsys.model.path").stringType().noDefaultValue()
      .withDescription("The model artifact served at start (a path or file: URI readable by every TaskManager). Required.");

  public static final ConfigOption<String> MODEL_VERSION = key("recsys.model.version").stringType().noDefaultValue()
      .withDescription("The version recommendations from the start model carry. Default: 'sha256:' and the first 12 hex digits of the artifact's SHA-256.");

  public static final ConfigOption<Integer> TOP_K = key("recsys.recommendations.k").intType().defaultValue(10)
      .withDescription("Items per recommendation list (1..1000).");

  public static final ConfigOption<Integer> BATCH_SIZE = key("recsys.scoring.batch-size").intType().defaultValue(64)
      .withDescription("Most users scored in one ND4J forward pass (1..4096). A batch is also flushed on its timeout and before every checkpoint barrier.");

  public static final ConfigOption<Duration> BATCH_TIMEOUT = key("recsys.scoring.batch-timeout").durationType()
      .defaultValue(Duration.ofMillis(5))
      .withDescription("Longest a request waits for its batch to fill (0 ms..10 s).");

  public static final ConfigOption<Integer> HISTORY_MAX_LENGTH = key("recsys.history.max-length").intType().defaultValue(0)
      .withDescription("Items kept per user, newest last; 0 means the start model's maxLen (what SASRec looks at).");

  public static final ConfigOption<Duration> HISTORY_TTL = key("recsys.history.ttl").durationType()
      .defaultValue(Duration.ofDays(30))
      .withDescription("A user's history is dropped this long after their last event (processing time); 0 keeps histories forever.");

  public static final ConfigOption<String> BOOTSTRAP_SERVERS = key("recsys.kafka.bootstrap-servers").stringType()
      .defaultValue("localhost:9092").withDescription("Kafka bootstrap servers.");

  public static final ConfigOption<String> INPUT_TOPIC = key("recsys.kafka.input-topic").stringType()
      .defaultValue(Topics.VALID).withDescription("Validated user actions, keyed by user.");

  public static final ConfigOption<String> OUTPUT_TOPIC = key("recsys.kafka.output-topic").stringType()
      .defaultValue(Topics.RECOMMENDATIONS).withDescription("Where recommendations are written, keyed by user.");

  public static final ConfigOption<String> MODEL_UPDATES_TOPIC = key("recsys.kafka.model-updates-topic").stringType()
      .defaultValue(Topics.MODEL_UPDATES).withDescription("Model announcements (version, uri, sha256) to swap in while running.");

  public static final ConfigOption<String> DEAD_LETTER_TOPIC = key("recsys.kafka.dead-letter-topic").stringType()
      .defaultValue(Topics.DEAD_LETTER)
      .withDescription("Where input records that break the event contract go, with the reason in headers.");

  public static final ConfigOption<String> GROUP_ID = key("recsys.kafka.group-id").stringType()
      .defaultValue("recsys-stream").withDescription("Consumer group the job commits its offsets under (on checkpoints, for monitoring).");

  public static final ConfigOption<String> TRANSACTIONAL_ID_PREFIX = key("recsys.kafka.transactional-id-prefix").stringType()
      .defaultValue("recsys-stream")
      .withDescription("Prefix of the Kafka transactional ids (exactly-once). Unique per job on a cluster.");

  public static final ConfigOption<DeliveryGuarantee> DELIVERY_GUARANTEE = key("recsys.kafka.delivery-guarantee")
      .enumType(DeliveryGuarantee.class).defaultValue(DeliveryGuarantee.EXACTLY_ONCE)
      .withDescription("EXACTLY_ONCE: recommendations are visible to read_committed consumers when the checkpoint that covers them completes. AT_LEAST_ONCE: visible at once, repeated after a failure.");

  public static final ConfigOption<Duration> TRANSACTION_TIMEOUT = key("recsys.kafka.transaction-timeout").durationType()
      .defaultValue(Duration.ofMinutes(10))
      .withDescription("Kafka transaction.timeout.ms for exactly-once; must exceed the checkpoint interval and stay under the broker's transaction.max.timeout.ms (15 min by default).");

  public static final ConfigOption<Duration> MAX_OUT_OF_ORDERNESS = key("recsys.events.max-out-of-orderness").durationType()
      .defaultValue(Duration.ofSeconds(5)).withDescription("Event-time watermark lag behind the newest event.");

  public static final ConfigOption<Duration> IDLE_TIMEOUT = key("recsys.events.idle-timeout").durationType()
      .defaultValue(Duration.ofMinutes(1)).withDescription("A partition without events this long stops holding back the watermark.");

  private StreamOptions() {}
}
