package dev.recsys.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * {@link ModelUpdate} as JSON: {@code {"version":"2","uri":"file:///models/v2.sasrec","sha256":"…"}}.
 * Parsing is strict, as for user actions: unknown fields, duplicates and non-string values are
 * refused with the field named, so a typo cannot silently drop the checksum.
 */
public final class ModelUpdateJson {
  public static final String VERSION = "version";
  public static final String URI = "uri";
  public static final String SHA256 = "sha256";

  private static final JsonFactory JSON = new JsonFactory();

  private ModelUpdateJson() {}

  public static byte[] toBytes(ModelUpdate update) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(160);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField(VERSION, update.version());
      json.writeStringField(URI, update.uri());
      json.writeStringField(SHA256, update.sha256());
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // writing to memory does no I/O
    }
    return out.toByteArray();
  }

  /**
   * @throws IllegalArgumentException naming the field and the problem when the bytes are not one
   *     well-formed model update
   */
  public static ModelUpdate parse(byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      throw new IllegalArgumentException("model update: empty record");
    }
    Map<String, String> fields = new HashMap<>();
    try (JsonParser json = JSON.createParser(bytes)) {
      if (json.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("model update: expected a JSON object");
      }
      for (JsonToken token = json.nextToken(); token != JsonToken.END_OBJECT; token = json.nextToken()) {
        String name = json.currentName();
        if (!name.equals(VERSION) && !name.equals(URI) && !name.equals(SHA256)) {
          throw new IllegalArgumentException("model update: unknown field '" + name + "'");
        }
        if (json.nextToken() != JsonToken.VALUE_STRING) {
          throw new IllegalArgumentException("model update: " + name + " must be a string");
        }
        if (fields.put(name, json.getText()) != null) {
          throw new IllegalArgumentException("model update: " + name + " appears twice");
        }
      }
      if (json.nextToken() != null) {
        throw new IllegalArgumentException("model update: unexpected content after the object");
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("model update: not valid JSON: " + e.getMessage(), e);
    }
    return new ModelUpdate(fields.get(VERSION), fields.get(URI), fields.get(SHA256));
  }
}
