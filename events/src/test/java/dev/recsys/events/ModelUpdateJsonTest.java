package dev.recsys.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ModelUpdateJsonTest {
  private static final String SHA = "0123456789abcdef".repeat(4);

  @Test
  void roundTrips() {
    ModelUpdate update = new ModelUpdate("2026-11-28.1", "file:///models/v2.sasrec", SHA);
    assertEquals(update, ModelUpdateJson.parse(ModelUpdateJson.toBytes(update)));
    assertEquals("{\"version\":\"2026-11-28.1\",\"uri\":\"file:///models/v2.sasrec\",\"sha256\":\"" + SHA + "\"}",
        new String(ModelUpdateJson.toBytes(update), StandardCharsets.UTF_8));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "''|empty record",
      "[]|expected a JSON object",
      "{\"version\":\"2\",\"uri\":\"/m\"}|sha256 is required",
      "{\"version\":\"2\",\"uri\":\"/m\",\"sha256\":\"ABC\"}|sha256 must be 64 lowercase hex digits",
      "{\"version\":\"\",\"uri\":\"/m\",\"sha256\":\"" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" + "\"}|version is required",
      "{\"version\":2,\"uri\":\"/m\"}|version must be a string",
      "{\"version\":\"2\",\"version\":\"3\"}|version appears twice",
      "{\"version\":\"2\",\"checksum\":\"x\"}|unknown field 'checksum'",
      "{\"version\":\"2\"|not valid JSON",
  })
  void refusesWithTheFieldNamed(String json, String expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ModelUpdateJson.parse(json.getBytes(StandardCharsets.UTF_8)));
    assertTrue(e.getMessage().startsWith("model update: "), e.getMessage());
    assertTrue(e.getMessage().contains(expected), () -> e.getMessage() + " should contain " + expected);
  }
}
