package dev.recsys.model.artifact;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.recsys.model.sasrec.SasrecConfig;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;

/**
 * The JSON header of an artifact file: everything but the tensor values.
 *
 * <p>Binding is strict (unknown, missing or null fields, and fractions where integers belong, are
 * errors) because the header is only ever written by {@link ArtifactWriter}: anything else is a
 * different format version or a damaged file, and guessing would load a wrong model silently.
 */
record ArtifactHeader(
    SasrecConfig config,
    List<String> items,
    long[] popularity,
    List<TensorEntry> tensors,
    Provenance provenance) {

  /**
   * Jackson without the jsr310 module cannot handle {@link Instant}; ISO-8601 text keeps full
   * precision and is readable in the header, so that is all it needs.
   */
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .addModule(
              new SimpleModule("artifact-header")
                  .addSerializer(Instant.class, ToStringSerializer.instance)
                  .addDeserializer(Instant.class, new InstantDeserializer()))
          .enable(
              DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
              DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES,
              DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES,
              DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
              DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
          // The streams belong to the reader and writer, which go on using them after the header.
          .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
          .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
          .build();

  static ArtifactHeader of(ModelArtifact artifact, List<TensorEntry> directory) {
    return new ArtifactHeader(
        artifact.config(),
        artifact.items().ids(),
        artifact.popularity(),
        directory,
        artifact.provenance());
  }

  byte[] toJson() throws JsonProcessingException {
    return JSON.writeValueAsBytes(this);
  }

  /**
   * Parses the header's syntax only; the fields are bound later, once the checksum has shown the
   * bytes are the ones the writer wrote.
   *
   * @throws IllegalArgumentException if {@code in} does not hold exactly one JSON object
   */
  static JsonNode parse(InputStream in) throws IOException {
    JsonNode root;
    try {
      root = JSON.readTree(in);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("header is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("header is not a JSON object");
    }
    return root;
  }

  /** The tensor directory alone, needed before the checksum to know how long the file must be. */
  static List<TensorEntry> directory(JsonNode root) {
    JsonNode tensors = root.get("tensors");
    if (tensors == null || !tensors.isArray()) {
      throw new IllegalArgumentException("header has no tensor directory");
    }
    return Arrays.asList(bind(tensors, TensorEntry[].class));
  }

  /** Binds every field, running the validation of the types they bind to. */
  static ArtifactHeader bind(JsonNode root) {
    ArtifactHeader header = bind(root, ArtifactHeader.class);
    if (header.items.contains(null)) {
      throw new IllegalArgumentException("header: the item vocabulary contains null");
    }
    return header;
  }

  private static <T> T bind(JsonNode node, Class<T> type) {
    try {
      return JSON.treeToValue(node, type);
    } catch (ValueInstantiationException e) {
      // A constructor refused the values (e.g. SasrecConfig's validation): its message says why.
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new IllegalArgumentException(
          "header: " + cause.getMessage() + " (at " + pathOf(e) + ")", e);
    } catch (JsonProcessingException e) {
      String where = e instanceof JsonMappingException mapping ? " (at " + pathOf(mapping) + ")" : "";
      throw new IllegalArgumentException("header: " + e.getOriginalMessage() + where, e);
    }
  }

  private static String pathOf(JsonMappingException e) {
    StringBuilder path = new StringBuilder("$");
    for (JsonMappingException.Reference step : e.getPath()) {
      path.append(step.getFieldName() != null ? "." + step.getFieldName() : "[" + step.getIndex() + "]");
    }
    return path.toString();
  }

  private static final class InstantDeserializer extends StdScalarDeserializer<Instant> {
    InstantDeserializer() {
      super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      if (parser.currentToken() != JsonToken.VALUE_STRING) {
        return (Instant) context.handleUnexpectedToken(Instant.class, parser);
      }
      String text = parser.getText();
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException e) {
        throw context.weirdStringException(text, Instant.class, e.getMessage());
      }
    }
  }
}
