package dev.recsys.events;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Every topic the engine uses: its name, what it holds, and the configuration it is created with
 * ({@code recsys topics create}). Declared once here, in the contract module, so the validator, the
 * Flink job and the tools cannot disagree on a name.
 */
public final class Topics {
  /** Events as producers send them, unchecked. */
  public static final String RAW = "user-actions-raw";
  /** Validated events, canonical JSON, keyed by user. */
  public static final String VALID = "user-actions";
  /** Records the validator refused: original key and bytes, reason and source in headers. */
  public static final String DEAD_LETTER = "user-actions-dlq";
  /** The latest top-K per user, written by the Flink job. */
  public static final String RECOMMENDATIONS = "recommendations";
  /** Announcements of new model artifacts (version, URI, checksum). */
  public static final String MODEL_UPDATES = "model-updates";

  /**
   * @param name the topic name
   * @param description what it holds, for {@code --help} and logs
   * @param partitions the default partition count (users are spread over partitions by key)
   * @param configs topic-level configuration (Kafka's names) beyond the broker defaults
   */
  public record Definition(String name, String description, int partitions, Map<String, String> configs) {}

  private static final String RETENTION_MS = "retention.ms";
  private static final String CLEANUP_POLICY = "cleanup.policy";
  private static final String FOREVER = "-1";
  private static final String MAX_MESSAGE_BYTES = "max.message.bytes";
  /**
   * The validator's outputs carry a raw record (up to the broker's default 1 MiB) plus headers, so
   * they accept twice that; otherwise one large raw record would be refused at the dead-letter topic.
   */
  public static final int VALIDATOR_OUTPUT_MAX_BYTES = 2 * 1024 * 1024;

  /**
   * The clean topic keeps everything: retraining replays it from the beginning. The raw topic only
   * needs to outlive a validator outage; the dead-letter topic long enough for someone to look.
   * Recommendations are compacted: only each user's latest list matters. Model updates have one
   * partition so that every reader sees versions in order.
   */
  public static final List<Definition> ALL = List.of(
      new Definition(RAW, "user actions as producers send them, before validation", 6,
          Map.of(RETENTION_MS, millis(Duration.ofDays(7)))),
      new Definition(VALID, "validated user actions (canonical JSON), kept for retraining", 6,
          Map.of(RETENTION_MS, FOREVER, MAX_MESSAGE_BYTES, Integer.toString(VALIDATOR_OUTPUT_MAX_BYTES))),
      new Definition(DEAD_LETTER, "records the validator refused, with the reason in headers", 1,
          Map.of(RETENTION_MS, millis(Duration.ofDays(30)),
              MAX_MESSAGE_BYTES, Integer.toString(VALIDATOR_OUTPUT_MAX_BYTES))),
      new Definition(RECOMMENDATIONS, "latest top-K recommendations per user", 6,
          Map.of(CLEANUP_POLICY, "compact")),
      new Definition(MODEL_UPDATES, "new model artifacts announced by retraining", 1,
          Map.of(RETENTION_MS, FOREVER)));

  private Topics() {}

  /** The definition of topic {@code name}. */
  public static Definition definition(String name) {
    for (Definition definition : ALL) {
      if (definition.name().equals(name)) {
        return definition;
      }
    }
    throw new IllegalArgumentException("unknown topic '" + name + "'; the engine's topics are " + names());
  }

  public static List<String> names() {
    return ALL.stream().map(Definition::name).toList();
  }

  private static String millis(Duration duration) {
    return Long.toString(duration.toMillis());
  }
}
