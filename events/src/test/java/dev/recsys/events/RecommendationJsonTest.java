package dev.recsys.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecommendationJsonTest {
  private static final Recommendation REC = new Recommendation("u42",
      List.of(new Recommendation.Item("m1", 7.25), new Recommendation.Item("m\"2", -0.5)), "v1", false,
      978300760000L, "e-1", 3, 1207, 1764355200123L);

  @Test
  void roundTripsEveryField() {
    assertEquals(REC, RecommendationJson.parse(RecommendationJson.toBytes(REC)));
    Recommendation noEventId = new Recommendation("u", List.of(), "v", true, 1, null, 0, 0, 2);
    assertEquals(noEventId, RecommendationJson.parse(RecommendationJson.toBytes(noEventId)));
  }

  @Test
  void writesTheDocumentedShape() {
    assertEquals("{\"userId\":\"u42\",\"items\":[{\"itemId\":\"m1\",\"score\":7.25},{\"itemId\":\"m\\\"2\",\"score\":-0.5}],"
            + "\"modelVersion\":\"v1\",\"coldStart\":false,\"eventTime\":978300760000,\"eventId\":\"e-1\","
            + "\"sourcePartition\":3,\"sourceOffset\":1207,\"processedAt\":1764355200123}",
        new String(RecommendationJson.toBytes(REC), StandardCharsets.UTF_8));
  }

  @Test
  void skipsFieldsAddedLaterAndNamesMissingOnes() {
    String withExtra = "{\"userId\":\"u\",\"items\":[{\"itemId\":\"a\",\"score\":1,\"why\":{\"x\":[1]}}],"
        + "\"modelVersion\":\"v\",\"eventTime\":5,\"future\":[1,2]}";
    Recommendation parsed = RecommendationJson.parse(withExtra.getBytes(StandardCharsets.UTF_8));
    assertEquals(List.of(new Recommendation.Item("a", 1)), parsed.items());

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RecommendationJson.parse("{\"userId\":\"u\",\"items\":[]}".getBytes(StandardCharsets.UTF_8)));
    assertTrue(e.getMessage().contains("modelVersion is missing"), e.getMessage());
  }
}
