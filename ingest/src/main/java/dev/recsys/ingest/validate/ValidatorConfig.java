package dev.recsys.ingest.validate;

import dev.recsys.events.ActionTypes;
import dev.recsys.events.EventLimits;
import dev.recsys.events.Topics;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The validator's own settings, each declared once with its type, default, validation and doc (as
 * Kafka's {@code ProducerConfig} does). Kafka Streams settings ({@code application.id}, {@code
 * bootstrap.servers}, ...) are not here; they pass through to Kafka Streams unchanged.
 */
public final class ValidatorConfig extends AbstractConfig {
  public static final String INPUT_TOPIC = "validator.input.topic";
  public static final String OUTPUT_TOPIC = "validator.output.topic";
  public static final String DEAD_LETTER_TOPIC = "validator.dead.letter.topic";
  public static final String DEDUP_WINDOW_MS = "validator.dedup.window.ms";
  public static final String MAX_PAYLOAD_BYTES = "validator.max.payload.bytes";
  public static final String MAX_ID_LENGTH = "validator.max.id.length";
  public static final String MIN_TIMESTAMP = "validator.min.timestamp";
  public static final String MAX_FUTURE_SKEW_MS = "validator.max.future.skew.ms";
  public static final String ACTION_ALIASES = "validator.action.aliases";
  public static final String ACCEPT_UNKNOWN_ACTIONS = "validator.accept.unknown.actions";

  public static final ConfigDef DEFINITION = new ConfigDef()
      .define(INPUT_TOPIC, Type.STRING, Topics.RAW, new ConfigDef.NonEmptyString(), Importance.HIGH,
          "Topic of raw user actions to validate.")
      .define(OUTPUT_TOPIC, Type.STRING, Topics.VALID, new ConfigDef.NonEmptyString(), Importance.HIGH,
          "Topic for valid actions, as canonical JSON keyed by user id.")
      .define(DEAD_LETTER_TOPIC, Type.STRING, Topics.DEAD_LETTER, new ConfigDef.NonEmptyString(), Importance.HIGH,
          "Topic for refused records: original key, value and headers, plus recsys.dlq.* headers.")
      .define(DEDUP_WINDOW_MS, Type.LONG, 0L, Range.between(0, Duration.ofDays(30).toMillis()), Importance.MEDIUM,
          "Refuse (to the dead-letter topic, reason duplicate-event) a record whose eventId the same "
              + "user already sent with an event time within this many milliseconds. 0 turns "
              + "de-duplication off; records without an eventId are never duplicates.")
      .define(MAX_PAYLOAD_BYTES, Type.INT, EventLimits.DEFAULT.maxPayloadBytes(), Range.atLeast(64), Importance.LOW,
          "Largest record value accepted, in bytes.")
      .define(MAX_ID_LENGTH, Type.INT, EventLimits.DEFAULT.maxIdLength(), Range.atLeast(1), Importance.LOW,
          "Longest user, item or event id accepted, in characters.")
      .define(MIN_TIMESTAMP, Type.STRING, EventLimits.DEFAULT.minTimestamp().toString(),
          (name, value) -> parseInstant(name, (String) value), Importance.LOW,
          "Earliest event time accepted, ISO-8601 (e.g. 1995-01-01T00:00:00Z).")
      .define(MAX_FUTURE_SKEW_MS, Type.LONG, EventLimits.DEFAULT.maxFutureSkew().toMillis(),
          Range.between(0, Duration.ofDays(365).toMillis()),
          Importance.LOW, "How far event time may be ahead of the validator's clock, in milliseconds.")
      .define(ACTION_ALIASES, Type.LIST, List.of(), (name, value) -> parseAliases(name, value), Importance.MEDIUM,
          "Producer action names mapped to standard ones, as from=to pairs, e.g. addToCart=add-to-cart. "
              + "Standard actions: " + ActionTypes.STANDARD + ".")
      .define(ACCEPT_UNKNOWN_ACTIONS, Type.BOOLEAN, false, Importance.MEDIUM,
          "Pass action types that are neither standard nor aliased through (lower-cased) instead of refusing them.");

  public ValidatorConfig(Map<?, ?> settings) {
    // Other keys are Kafka Streams settings; do not log them as unknown here.
    super(DEFINITION, settings, false);
  }

  public String inputTopic() {
    return getString(INPUT_TOPIC);
  }

  public String outputTopic() {
    return getString(OUTPUT_TOPIC);
  }

  public String deadLetterTopic() {
    return getString(DEAD_LETTER_TOPIC);
  }

  /** The de-duplication window, or {@link Duration#ZERO} when de-duplication is off. */
  public Duration dedupWindow() {
    return Duration.ofMillis(getLong(DEDUP_WINDOW_MS));
  }

  public EventLimits limits() {
    return new EventLimits(getInt(MAX_PAYLOAD_BYTES), getInt(MAX_ID_LENGTH),
        parseInstant(MIN_TIMESTAMP, getString(MIN_TIMESTAMP)), Duration.ofMillis(getLong(MAX_FUTURE_SKEW_MS)));
  }

  public ActionTypes actionTypes() {
    return new ActionTypes(ActionTypes.STANDARD, parseAliases(ACTION_ALIASES, getList(ACTION_ALIASES)),
        getBoolean(ACCEPT_UNKNOWN_ACTIONS));
  }

  private static Instant parseInstant(String name, String value) {
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException | NullPointerException e) {
      throw new ConfigException(name, value, "expected an ISO-8601 instant such as 1995-01-01T00:00:00Z");
    }
  }

  private static Map<String, String> parseAliases(String name, Object value) {
    Map<String, String> aliases = new LinkedHashMap<>();
    for (Object entry : (List<?>) value) {
      String pair = entry.toString();
      int equals = pair.indexOf('=');
      if (equals <= 0 || equals == pair.length() - 1) {
        throw new ConfigException(name, pair, "expected from=to, e.g. addToCart=add-to-cart");
      }
      aliases.put(pair.substring(0, equals).strip(), pair.substring(equals + 1).strip());
    }
    try {
      ActionTypes.withAliases(aliases);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(name, value, e.getMessage());
    }
    return aliases;
  }
}
