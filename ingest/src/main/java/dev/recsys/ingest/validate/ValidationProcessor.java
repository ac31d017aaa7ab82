package dev.recsys.ingest.validate;

import dev.recsys.events.DeadLetterHeaders;
import dev.recsys.events.ParseResult;
import dev.recsys.events.RejectionReason;
import dev.recsys.events.UserAction;
import dev.recsys.events.UserActionJson;
import dev.recsys.events.UserActionParser;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends every raw record to exactly one child: {@link ValidatorTopology#VALID_SINK} with the
 * canonical event keyed by user id, or {@link ValidatorTopology#DEAD_LETTER_SINK} with the
 * original key, value and headers plus the {@link DeadLetterHeaders}. It never throws for a bad
 * record.
 */
final class ValidationProcessor extends ContextualProcessor<byte[], byte[], byte[], byte[]> {
  private static final Logger log = LoggerFactory.getLogger(ValidationProcessor.class);
  /** Ids cannot contain control characters (the parser refuses them), so NUL cannot be forged. */
  private static final char KEY_SEPARATOR = '\u0000';

  /** Long enough for any sentence the parser writes; a detail echoing input is bounded anyway. */

  private final UserActionParser parser;
  private final Duration dedupWindow;
  private final ValidationTally tally;
  private ValidatorMetrics metrics;
  private WindowStore<String, Long> seenEventIds;

  ValidationProcessor(UserActionParser parser, Duration dedupWindow, ValidationTally tally) {
    this.parser = parser;
    this.dedupWindow = dedupWindow;
    this.tally = tally;
  }

  @Override
  public void init(ProcessorContext<byte[], byte[]> context) {
    super.init(context);
    metrics = new ValidatorMetrics(context.metrics(), context.taskId().toString());
    if (!dedupWindow.isZero()) {
      seenEventIds = context.getStateStore(ValidatorTopology.SEEN_EVENT_IDS_STORE);
    }
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    ParseResult result;
    byte[] canonical = null;
    try {
      result = check(record);
      if (result instanceof ParseResult.Accepted accepted) {
        canonical = UserActionJson.toBytes(accepted.action());
      }
    } catch (RuntimeException e) {
      // A bug in the pure checks, not the record's fault. Stopping would stop every record behind
      // this one and, as its offset is never committed, again after every restart: dead-letter it
      // and go on; the dead-letter topic keeps it for a replay once the bug is fixed. Store and
      // forward calls stay outside this catch: their failures (a migrated task, a broken state
      // store) are Kafka Streams' to handle, not a verdict on the record.
      log.error("validator failed on a record; dead-lettering it as {}", RejectionReason.PROCESSING_ERROR.code(), e);
      deadLetter(record, RejectionReason.PROCESSING_ERROR, e.toString());
      return;
    }
    if (result instanceof ParseResult.Rejected rejected) {
      deadLetter(record, rejected.reason(), rejected.detail());
      return;
    }
    UserAction action = ((ParseResult.Accepted) result).action();
    if (seenEventIds != null && action.hasEventId()) {
      // Event time, not record time: a retry carries the same event time however late it is
      // sent, and the parser bounds event time where a record timestamp is whatever a producer set.
      Long firstSeen = firstSeen(action, action.timestamp());
      if (firstSeen != null) {
        deadLetter(record, RejectionReason.DUPLICATE_EVENT, "eventId '" + action.eventId()
            + "' of user '" + action.userId() + "' already seen with event time " + Instant.ofEpochMilli(firstSeen)
            + ", within the de-duplication window of " + dedupWindow);
        return;
      }
      seenEventIds.put(dedupKey(action), action.timestamp(), action.timestamp());
    }
    metrics.recordValid();
    tally.valid();
    Headers headers = new RecordHeaders(record.headers().toArray());
    for (Header header : record.headers()) {
      if (header.key().startsWith(DeadLetterHeaders.PREFIX)) {
        headers.remove(header.key());
      }
    }
    context().forward(record.withKey(action.userId().getBytes(StandardCharsets.UTF_8))
            .withValue(canonical).withHeaders(headers),
        ValidatorTopology.VALID_SINK);
  }

  /** The parser's verdict, plus the key check: a key that is set must be the event's user id. */
  private ParseResult check(Record<byte[], byte[]> record) {
    ParseResult result = parser.parse(record.value());
    if (result instanceof ParseResult.Accepted accepted && record.key() != null
        && !accepted.action().userId().equals(decodeKey(record.key()))) {
      return new ParseResult.Rejected(RejectionReason.KEY_MISMATCH,
          "record key is not the event's userId '" + accepted.action().userId() + "'");
    }
    return result;
  }

  /** The event time at which this user's event id was seen within the window around {@code time}, or null. */
  private Long firstSeen(UserAction action, long time) {
    long from = time - dedupWindow.toMillis();
    long to = time + dedupWindow.toMillis();
    try (WindowStoreIterator<Long> seen = seenEventIds.fetch(dedupKey(action), Math.max(0, from), to)) {
      return seen.hasNext() ? seen.next().value : null;
    }
  }

  private static String dedupKey(UserAction action) {
    return action.userId() + KEY_SEPARATOR + action.eventId();
  }

  private void deadLetter(Record<byte[], byte[]> record, RejectionReason reason, String detail) {
    metrics.recordRejected(reason);
    tally.rejected(reason);
    long now = context().currentSystemTimeMs();
    Headers headers = new RecordHeaders(record.headers().toArray());
    RecordMetadata source = context().recordMetadata().orElse(null);
    DeadLetterHeaders.of(reason, detail, source == null ? null : source.topic(), source == null ? -1 : source.partition(),
        source == null ? -1 : source.offset(), record.timestamp(), now).forEach((name, value) -> header(headers, name, value));
    if (log.isDebugEnabled()) {
      log.debug("dead-lettering {}-{}@{}: {}: {}", source == null ? "?" : source.topic(),
          source == null ? "?" : source.partition(), source == null ? "?" : source.offset(), reason.code(), detail);
    }
    context().forward(record.withHeaders(headers).withTimestamp(now), ValidatorTopology.DEAD_LETTER_SINK);
  }

  private static void header(Headers headers, String name, String value) {
    headers.remove(name);
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }

  /** The key as text, or null when it is not UTF-8 (then it cannot equal any user id). */
  private static String decodeKey(byte[] key) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(key)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  @Override
  public void close() {
    if (metrics != null) {
      metrics.close();
    }
  }
}
