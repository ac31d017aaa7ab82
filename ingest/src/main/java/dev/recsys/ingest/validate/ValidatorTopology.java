package dev.recsys.ingest.validate;

import dev.recsys.events.UserActionParser;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The validator as a Kafka Streams topology: raw topic → {@link ValidationProcessor} → the valid
 * topic or the dead-letter topic. Built by one static function that {@code recsys validate} and
 * the tests share.
 *
 * <p>Keys and values are handled as bytes: a deserializer would throw on exactly the records the
 * validator exists to catch, and the dead-letter topic must receive the original bytes.
 */
public final class ValidatorTopology {
  static final String SOURCE = "raw-source";
  static final String PROCESSOR = "validate";
  static final String VALID_SINK = "valid-sink";
  static final String DEAD_LETTER_SINK = "dead-letter-sink";
  /** Event ids per user, kept for the de-duplication window (only when it is on). */
  public static final String SEEN_EVENT_IDS_STORE = "seen-event-ids";

  private ValidatorTopology() {}

  /** The topology for {@code config}; {@code clock} is what "too far in the future" is judged by. */
  public static Topology build(ValidatorConfig config, Clock clock) {
    return build(config, clock, new ValidationTally());
  }

  static Topology build(ValidatorConfig config, Clock clock, ValidationTally tally) {
    UserActionParser parser = new UserActionParser(config.limits(), config.actionTypes(), clock);
    Duration dedupWindow = config.dedupWindow();
    Topology topology = new Topology();
    // A validator started for the first time must see the raw topic from its beginning, or records
    // produced before it started would be lost.
    topology.addSource(AutoOffsetReset.earliest(), SOURCE, new RecordTimeExtractor(),
        new ByteArrayDeserializer(), new ByteArrayDeserializer(), config.inputTopic());
    topology.addProcessor(PROCESSOR, () -> new ValidationProcessor(parser, dedupWindow, tally), SOURCE);
    topology.addSink(VALID_SINK, config.outputTopic(), new ByteArraySerializer(), new ByteArraySerializer(), PROCESSOR);
    topology.addSink(DEAD_LETTER_SINK, config.deadLetterTopic(), new ByteArraySerializer(), new ByteArraySerializer(),
        PROCESSOR);
    if (!dedupWindow.isZero()) {
      // Ids are kept by event time. The store drops what is older than its retention measured back
      // from the newest event time seen in the partition (any user's), so it keeps twice the window:
      // one user's retry may arrive after other users' newer events.
      topology.addStateStore(Stores.windowStoreBuilder(
              Stores.persistentWindowStore(SEEN_EVENT_IDS_STORE, dedupWindow.multipliedBy(2), dedupWindow, false),
              Serdes.String(), Serdes.Long()),
          PROCESSOR);
    }
    return topology;
  }
}
