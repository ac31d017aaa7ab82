package dev.recsys.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * The one strict reader of the {@link UserAction} wire format: every record gets a {@link
 * ParseResult}, never an exception, so a bad record can be routed (to a dead-letter topic, a
 * counter) without stopping the stream.
 *
 * <p>Checks, in order: empty payload, size, UTF-8, JSON syntax, a single object, no duplicate or
 * unknown fields, field types, required fields, ids (non-empty, not too long, no surrounding
 * whitespace or control characters), the action type, event-time bounds and a finite value. The
 * first failure is reported, naming the field.
 *
 * <p>A parser is immutable and thread-safe; {@link Clock} is injected so that "too far in the
 * future" is testable.
 */
public final class UserActionParser {
  // Jackson would echo the payload into its messages; details must not leak whole records into logs.
  private static final JsonFactory JSON =
      JsonFactory.builder().disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build();

  private final EventLimits limits;
  private final ActionTypes actions;
  private final Clock clock;

  public UserActionParser(EventLimits limits, ActionTypes actions, Clock clock) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.actions = Objects.requireNonNull(actions, "actions");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Default limits and action types, the system clock. */
  public static UserActionParser withDefaults() {
    return new UserActionParser(EventLimits.DEFAULT, ActionTypes.DEFAULT, Clock.systemUTC());
  }

  public EventLimits limits() {
    return limits;
  }

  public ActionTypes actions() {
    return actions;
  }

  /** Parses a record value as it came off the wire. */
  public ParseResult parse(byte[] payload) {
    if (payload == null || payload.length == 0) {
      return rejected(RejectionReason.EMPTY_PAYLOAD, "record value is empty");
    }
    if (payload.length > limits.maxPayloadBytes()) {
      return rejected(RejectionReason.PAYLOAD_TOO_LARGE,
          "record value is " + payload.length + " bytes, the limit is " + limits.maxPayloadBytes());
    }
    String text;
    try {
      text = strictUtf8().decode(ByteBuffer.wrap(payload)).toString();
    } catch (CharacterCodingException e) {
      return rejected(RejectionReason.NOT_UTF8, "record value is not valid UTF-8");
    }
    return parseText(text);
  }

  /** Parses JSON text (a line of a JSON-lines file, say); the size limit applies to its UTF-8 bytes. */
  public ParseResult parse(String json) {
    if (json == null || json.isEmpty()) {
      return rejected(RejectionReason.EMPTY_PAYLOAD, "record value is empty");
    }
    int bytes = utf8Length(json);
    if (bytes > limits.maxPayloadBytes()) {
      return rejected(RejectionReason.PAYLOAD_TOO_LARGE,
          "record value is " + bytes + " bytes, the limit is " + limits.maxPayloadBytes());
    }
    return parseText(json);
  }

  private ParseResult parseText(String text) {
    try (JsonParser parser = JSON.createParser(text)) {
      return readEvent(parser);
    } catch (StreamReadException e) {
      return rejected(RejectionReason.NOT_JSON, printable(e.getOriginalMessage()));
    } catch (StreamConstraintsException e) {
      // Nesting deeper than 1000 or a number longer than 1000 digits: Jackson's own bounds, which
      // keep a hostile record from costing stack or CPU. Still just a bad record.
      return rejected(RejectionReason.NOT_JSON, printable(e.getOriginalMessage()));
    } catch (IOException e) {
      // Reading from a String does no I/O; anything else is a bug, not a bad record.
      throw new UncheckedIOException(e);
    }
  }

  private ParseResult readEvent(JsonParser parser) throws IOException {
    JsonToken first = parser.nextToken();
    if (first == null) {
      return rejected(RejectionReason.NOT_JSON, "no JSON value (blank)");
    }
    if (first != JsonToken.START_OBJECT) {
      // Consume the rest so that garbage such as "12 ab" is reported as not JSON, not as a non-object.
      parser.skipChildren();
      while (parser.nextToken() != null) {
        parser.skipChildren();
      }
      return rejected(RejectionReason.NOT_AN_OBJECT, "expected a JSON object, got " + describe(first));
    }
    Fields fields = new Fields();
    JsonToken token;
    while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken valueToken = parser.nextToken();
      ParseResult problem = fields.read(name, valueToken, parser);
      if (problem != null) {
        return problem;
      }
    }
    if (token != JsonToken.END_OBJECT) {
      return rejected(RejectionReason.NOT_JSON, "unexpected " + describe(token));
    }
    JsonToken trailing = parser.nextToken();
    if (trailing != null) {
      return rejected(RejectionReason.NOT_JSON, "unexpected " + describe(trailing) + " after the object");
    }
    return fields.toEvent();
  }

  /** The fields of one object as they are read; each is checked as soon as it appears. */
  private final class Fields {
    private String userId;
    private String itemId;
    private String action;
    private Long timestamp;
    private Double value;
    private String eventId;
    private boolean valueSeen;
    private boolean eventIdSeen;

    /** Reads the value of field {@code name}; returns a rejection, or null if it is fine. */
    ParseResult read(String name, JsonToken token, JsonParser parser) throws IOException {
      switch (name) {
        case UserActionJson.USER_ID -> {
          if (userId != null) {
            return duplicate(name);
          }
          Object id = readId(name, token, parser);
          if (id instanceof ParseResult problem) {
            return problem;
          }
          userId = (String) id;
        }
        case UserActionJson.ITEM_ID -> {
          if (itemId != null) {
            return duplicate(name);
          }
          Object id = readId(name, token, parser);
          if (id instanceof ParseResult problem) {
            return problem;
          }
          itemId = (String) id;
        }
        case UserActionJson.ACTION -> {
          if (action != null) {
            return duplicate(name);
          }
          if (token != JsonToken.VALUE_STRING) {
            return token == JsonToken.VALUE_NULL ? missing(name) : wrongType(name, "a string", token);
          }
          String raw = parser.getText();
          String resolved = actions.resolve(raw);
          if (resolved == null || !isWellFormed(resolved)) {
            return rejected(RejectionReason.UNKNOWN_ACTION,
                name + ": '" + printable(raw) + "' is not a known action type " + actions.known()
                    + (actions.aliases().isEmpty() ? "" : " or alias " + actions.aliases().keySet()));
          }
          action = resolved;
        }
        case UserActionJson.TIMESTAMP -> {
          if (timestamp != null) {
            return duplicate(name);
          }
          if (token != JsonToken.VALUE_NUMBER_INT) {
            return token == JsonToken.VALUE_NULL ? missing(name)
                : wrongType(name, "an integer (epoch milliseconds)", token);
          }
          if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            return rejected(RejectionReason.WRONG_TYPE, name + ": " + printable(parser.getText()) + " does not fit in 64 bits");
          }
          long millis = parser.getLongValue();
          ParseResult problem = checkTime(name, millis);
          if (problem != null) {
            return problem;
          }
          timestamp = millis;
        }
        case UserActionJson.VALUE -> {
          if (valueSeen) {
            return duplicate(name);
          }
          valueSeen = true;
          if (token == JsonToken.VALUE_NULL) {
            return null;
          }
          if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
            return wrongType(name, "a number", token);
          }
          double number = parser.getDoubleValue();
          if (!Double.isFinite(number)) {
            return rejected(RejectionReason.INVALID_VALUE, name + ": " + printable(parser.getText()) + " is not a finite number");
          }
          value = number;
        }
        case UserActionJson.EVENT_ID -> {
          if (eventIdSeen) {
            return duplicate(name);
          }
          eventIdSeen = true;
          if (token == JsonToken.VALUE_NULL) {
            return null;
          }
          Object id = readId(name, token, parser);
          if (id instanceof ParseResult problem) {
            return problem;
          }
          eventId = (String) id;
        }
        default -> {
          return rejected(RejectionReason.UNKNOWN_FIELD,
              "'" + printable(name) + "' is not a field of the contract " + UserActionJson.FIELDS);
        }
      }
      return null;
    }

    ParseResult toEvent() {
      if (userId == null) {
        return missing(UserActionJson.USER_ID);
      }
      if (itemId == null) {
        return missing(UserActionJson.ITEM_ID);
      }
      if (action == null) {
        return missing(UserActionJson.ACTION);
      }
      if (timestamp == null) {
        return missing(UserActionJson.TIMESTAMP);
      }
      return new ParseResult.Accepted(new UserAction(userId, itemId, action, timestamp, value, eventId));
    }
  }

  /** The id, or a rejection explaining why it is not one. */
  private Object readId(String name, JsonToken token, JsonParser parser) throws IOException {
    if (token == JsonToken.VALUE_NULL) {
      return missing(name);
    }
    if (token != JsonToken.VALUE_STRING) {
      return wrongType(name, "a string", token);
    }
    String id = parser.getText();
    if (id.isBlank()) {
      return rejected(RejectionReason.EMPTY_ID, name + ": is empty");
    }
    int length = id.codePointCount(0, id.length());
    if (length > limits.maxIdLength()) {
      return rejected(RejectionReason.ID_TOO_LONG,
          name + ": " + length + " characters, the limit is " + limits.maxIdLength());
    }
    if (!id.strip().equals(id)) {
      return rejected(RejectionReason.INVALID_ID, name + ": '" + printable(id) + "' has surrounding whitespace");
    }
    int bad = firstBadCodePoint(id);
    if (bad >= 0) {
      return rejected(RejectionReason.INVALID_ID, name + ": contains "
          + (Character.isSurrogate((char) bad) ? "an unpaired surrogate" : "a control character")
          + String.format(" U+%04X", bad));
    }
    return id;
  }

  /**
   * The first control character or unpaired surrogate in {@code text}, or -1. An unpaired
   * surrogate cannot be encoded as UTF-8: the record key would become '?' while the value kept
   * the escape, putting every such user in one partition under a key that is not their id.
   */
  private static int firstBadCodePoint(String text) {
    for (int i = 0; i < text.length(); ) {
      int codePoint = text.codePointAt(i);
      if (Character.isISOControl(codePoint) || Character.getType(codePoint) == Character.SURROGATE) {
        return codePoint;
      }
      i += Character.charCount(codePoint);
    }
    return -1;
  }

  /** Whether an action name passed through by {@code acceptUnknown} obeys the id rules. */
  private boolean isWellFormed(String action) {
    return !action.isEmpty() && action.codePointCount(0, action.length()) <= limits.maxIdLength()
        && firstBadCodePoint(action) < 0;
  }

  private ParseResult checkTime(String name, long millis) {
    long earliest = limits.minTimestamp().toEpochMilli();
    if (millis < earliest) {
      String hint = millis > 0 && millis * 1000 >= earliest && millis < earliest / 100
          ? " (it looks like seconds; the contract wants milliseconds)" : "";
      return rejected(RejectionReason.TIMESTAMP_TOO_OLD,
          name + ": " + millis + " is before " + limits.minTimestamp() + hint);
    }
    Instant now = clock.instant();
    long latest = now.plus(limits.maxFutureSkew()).toEpochMilli();
    if (millis > latest) {
      return rejected(RejectionReason.TIMESTAMP_IN_FUTURE,
          name + ": " + millis + " is more than " + limits.maxFutureSkew() + " after now (" + now + ")");
    }
    return null;
  }

  private static ParseResult duplicate(String name) {
    return rejected(RejectionReason.DUPLICATE_FIELD, name + ": appears more than once");
  }

  private static ParseResult missing(String name) {
    return rejected(RejectionReason.MISSING_FIELD, name + ": is required");
  }

  private static ParseResult wrongType(String name, String expected, JsonToken got) {
    return rejected(RejectionReason.WRONG_TYPE, name + ": expected " + expected + ", got " + describe(got));
  }

  private static ParseResult rejected(RejectionReason reason, String detail) {
    return new ParseResult.Rejected(reason, detail);
  }

  private static String describe(JsonToken token) {
    if (token == null) {
      return "end of input";
    }
    return switch (token) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER_INT -> "an integer";
      case VALUE_NUMBER_FLOAT -> "a decimal number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> token.asString() == null ? token.name() : "'" + token.asString() + "'";
    };
  }

  /**
   * Input echoed into a detail, made safe for a header and a log line: control characters and
   * unpaired surrogates escaped, and cut short (a rejected record may carry a megabyte-long id).
   */
  static String printable(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < text.length() && out.length() < 64) {
      int codePoint = text.codePointAt(i);
      if (Character.isISOControl(codePoint) || Character.getType(codePoint) == Character.SURROGATE) {
        out.append(String.format("\\u%04X", codePoint));
      } else {
        out.appendCodePoint(codePoint);
      }
      i += Character.charCount(codePoint);
    }
    return i < text.length() ? out + "..." : out.toString();
  }

  private static CharsetDecoder strictUtf8() {
    return StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
  }

  private static int utf8Length(String text) {
    try {
      return StandardCharsets.UTF_8.newEncoder()
          .onMalformedInput(CodingErrorAction.REPLACE)
          .encode(CharBuffer.wrap(text)).remaining();
    } catch (CharacterCodingException e) {
      throw new IllegalStateException("UTF-8 encoding with REPLACE cannot fail", e);
    }
  }
}
