package dev.recsys.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON of {@link Recommendation} on the recommendations topic, e.g. {@code
 * {"userId":"u42","items":[{"itemId":"m1","score":7.25}],"modelVersion":"1","coldStart":false,
 * "eventTime":978300760000,"eventId":"e-1","sourcePartition":3,"sourceOffset":1207,"processedAt":1764355200123}}.
 * {@code eventId} is left out when the event had none.
 */
public final class RecommendationJson {
  public static final String USER_ID = "userId";
  public static final String ITEMS = "items";
  public static final String ITEM_ID = "itemId";
  public static final String SCORE = "score";
  public static final String MODEL_VERSION = "modelVersion";
  public static final String COLD_START = "coldStart";
  public static final String EVENT_TIME = "eventTime";
  public static final String EVENT_ID = "eventId";
  public static final String SOURCE_PARTITION = "sourcePartition";
  public static final String SOURCE_OFFSET = "sourceOffset";
  public static final String PROCESSED_AT = "processedAt";

  private static final JsonFactory JSON = new JsonFactory();

  private RecommendationJson() {}

  public static byte[] toBytes(Recommendation recommendation) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 + 40 * recommendation.items().size());
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField(USER_ID, recommendation.userId());
      json.writeArrayFieldStart(ITEMS);
      for (Recommendation.Item item : recommendation.items()) {
        json.writeStartObject();
        json.writeStringField(ITEM_ID, item.itemId());
        json.writeNumberField(SCORE, item.score());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeStringField(MODEL_VERSION, recommendation.modelVersion());
      json.writeBooleanField(COLD_START, recommendation.coldStart());
      json.writeNumberField(EVENT_TIME, recommendation.eventTime());
      if (recommendation.eventId() != null) {
        json.writeStringField(EVENT_ID, recommendation.eventId());
      }
      json.writeNumberField(SOURCE_PARTITION, recommendation.sourcePartition());
      json.writeNumberField(SOURCE_OFFSET, recommendation.sourceOffset());
      json.writeNumberField(PROCESSED_AT, recommendation.processedAt());
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // writing to memory does no I/O
    }
    return out.toByteArray();
  }

  /**
   * Reads what {@link #toBytes} wrote; unknown fields are skipped so that readers keep working when
   * the job adds one.
   *
   * @throws IllegalArgumentException naming the field when a required one is missing or mistyped
   */
  public static Recommendation parse(byte[] bytes) {
    String userId = null;
    List<Recommendation.Item> items = null;
    String modelVersion = null;
    boolean coldStart = false;
    Long eventTime = null;
    String eventId = null;
    int sourcePartition = -1;
    long sourceOffset = -1;
    long processedAt = -1;
    try (JsonParser json = JSON.createParser(bytes)) {
      expect(json.nextToken(), JsonToken.START_OBJECT, "the record");
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String name = json.currentName();
        JsonToken value = json.nextToken();
        switch (name) {
          case USER_ID -> userId = text(json, value, name);
          case ITEMS -> items = items(json, value);
          case MODEL_VERSION -> modelVersion = text(json, value, name);
          case COLD_START -> coldStart = value == JsonToken.VALUE_TRUE;
          case EVENT_TIME -> eventTime = number(json, value, name);
          case EVENT_ID -> eventId = text(json, value, name);
          case SOURCE_PARTITION -> sourcePartition = Math.toIntExact(number(json, value, name));
          case SOURCE_OFFSET -> sourceOffset = number(json, value, name);
          case PROCESSED_AT -> processedAt = number(json, value, name);
          default -> json.skipChildren();
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("recommendation: not valid JSON: " + e.getMessage(), e);
    }
    require(userId, USER_ID);
    require(items, ITEMS);
    require(modelVersion, MODEL_VERSION);
    require(eventTime, EVENT_TIME);
    return new Recommendation(userId, items, modelVersion, coldStart, eventTime, eventId,
        sourcePartition, sourceOffset, processedAt);
  }

  private static List<Recommendation.Item> items(JsonParser json, JsonToken token) throws IOException {
    expect(token, JsonToken.START_ARRAY, ITEMS);
    List<Recommendation.Item> items = new ArrayList<>();
    while (json.nextToken() == JsonToken.START_OBJECT) {
      String itemId = null;
      Double score = null;
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String name = json.currentName();
        JsonToken value = json.nextToken();
        switch (name) {
          case ITEM_ID -> itemId = text(json, value, ITEMS + "[]." + ITEM_ID);
          case SCORE -> {
            if (!value.isNumeric()) {
              throw new IllegalArgumentException("recommendation: " + ITEMS + "[]." + SCORE + " must be a number");
            }
            score = json.getDoubleValue();
          }
          default -> json.skipChildren();
        }
      }
      require(itemId, ITEMS + "[]." + ITEM_ID);
      require(score, ITEMS + "[]." + SCORE);
      items.add(new Recommendation.Item(itemId, score));
    }
    return items;
  }

  private static String text(JsonParser json, JsonToken token, String field) throws IOException {
    expect(token, JsonToken.VALUE_STRING, field);
    return json.getText();
  }

  private static long number(JsonParser json, JsonToken token, String field) throws IOException {
    expect(token, JsonToken.VALUE_NUMBER_INT, field);
    return json.getLongValue();
  }

  private static void expect(JsonToken actual, JsonToken expected, String field) {
    if (actual != expected) {
      throw new IllegalArgumentException("recommendation: " + field + " expected " + expected + ", got " + actual);
    }
  }

  private static void require(Object value, String field) {
    if (value == null) {
      throw new IllegalArgumentException("recommendation: " + field + " is missing");
    }
  }
}
