package dev.recsys.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The wire format of {@link UserAction}: field names, and the canonical (normalised) JSON that the
 * validator writes to the clean topic: fields in contract order, the action normalised, absent
 * optional fields left out, e.g. {@code
 * {"userId":"u42","itemId":"m1193","action":"rating","timestamp":978300760000,"value":5.0,"eventId":"e-1"}}.
 * Read it back with {@link UserActionParser}.
 */
public final class UserActionJson {
  public static final String USER_ID = "userId";
  public static final String ITEM_ID = "itemId";
  public static final String ACTION = "action";
  public static final String TIMESTAMP = "timestamp";
  public static final String VALUE = "value";
  public static final String EVENT_ID = "eventId";

  /** Every field of the contract, in canonical order. */
  public static final List<String> FIELDS = List.of(USER_ID, ITEM_ID, ACTION, TIMESTAMP, VALUE, EVENT_ID);

  private static final JsonFactory JSON = new JsonFactory();

  private UserActionJson() {}

  /** The canonical UTF-8 JSON of {@code action}. */
  public static byte[] toBytes(UserAction action) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField(USER_ID, action.userId());
      json.writeStringField(ITEM_ID, action.itemId());
      json.writeStringField(ACTION, action.action());
      json.writeNumberField(TIMESTAMP, action.timestamp());
      if (action.hasValue()) {
        json.writeNumberField(VALUE, action.value());
      }
      if (action.hasEventId()) {
        json.writeStringField(EVENT_ID, action.eventId());
      }
      json.writeEndObject();
    } catch (IOException e) {
      // Writing to memory does no I/O.
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** The canonical JSON of {@code action} as text. */
  public static String toJson(UserAction action) {
    return new String(toBytes(action), java.nio.charset.StandardCharsets.UTF_8);
  }
}
