package dev.recsys.store.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recsys.events.ModelUpdate;
import dev.recsys.events.ModelUpdateJson;
import dev.recsys.events.Recommendation;
import dev.recsys.events.RecommendationJson;
import dev.recsys.events.UserAction;
import dev.recsys.events.UserActionJson;
import dev.recsys.events.UserActionParser;
import dev.recsys.store.feed.TopicFeed;
import dev.recsys.store.kv.Batch;
import dev.recsys.store.kv.InMemoryStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The HTTP API over in-memory stores, filled record by record through the feeds' own appliers, and
 * asked over real HTTP (Jetty on a free loopback port): status codes, JSON bodies, refusals, limits.
 */
class ServeHandlerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SHA = "ab".repeat(32);
  private static final long T0 = 1_700_000_000_000L;

  private final InMemoryStore kv = new InMemoryStore("serve-test");
  private final ServingStores stores = ServingStores.over(kv);
  private final ServeMetrics metrics = new ServeMetrics();
  private final List<FeedRunner> runners = new CopyOnWriteArrayList<>();
  private final FeedTally actionsTally = new FeedTally("user-actions", metrics);
  private final FeedTally recommendationsTally = new FeedTally("recommendations", metrics);
  private final FeedTally modelsTally = new FeedTally("model-updates", metrics);
  private final TopicFeed.RecordHandler actions =
      new UserActionsApplier(UserActionParser.withDefaults(), stores.vocabulary(), stores.sequences(), actionsTally);
  private final TopicFeed.RecordHandler recommendations =
      new RecommendationsApplier(stores.recommendations(), stores.models(), recommendationsTally);
  private final TopicFeed.RecordHandler models = new ModelUpdatesApplier(stores.models(), modelsTally);
  private final HttpClient client = HttpClient.newHttpClient();
  private HttpApi api;
  private long offset;

  @BeforeEach
  void start() throws IOException {
    ServeSettings settings = ServeSettings.builder().host("127.0.0.1").port(0).historyDefault(3).historyMax(5)
        .maxRequestHeaderBytes(2048).idleTimeout(Duration.ofMillis(500)).build();
    Supplier<List<FeedStatus>> feeds = () -> runners.stream().map(FeedRunner::status).toList();
    api = HttpApi.start(settings, new ServeHandler(stores, feeds, metrics, settings.historyDefault(),
        settings.historyMax()));
  }

  @AfterEach
  void stop() {
    runners.forEach(FeedRunner::close);
    api.close();
    kv.close();
  }

  @Test
  void recommendationsAreTheUsersLatest() throws Exception {
    recommend("u1", "m1", 978_300_760_000L);
    recommend("u1", "m2", 978_300_770_000L);
    recommend("u2", "m1", 978_300_780_000L);

    Reply reply = get("/users/u1/recommendations");
    assertEquals(200, reply.status, reply.body);
    assertEquals("application/json", reply.contentType);
    JsonNode body = JSON.readTree(reply.body);
    assertEquals("u1", body.get("userId").asText());
    assertEquals("m2", body.get("modelVersion").asText());
    assertEquals(978_300_770_000L, body.get("eventTime").asLong());
    assertEquals(T0 + 1, body.get("processedAt").asLong());
    assertFalse(body.get("coldStart").asBoolean());
    assertEquals(2, body.get("items").size());
    assertEquals("i-u1-a", body.get("items").get(0).get("itemId").asText());
    assertEquals(2.5, body.get("items").get(0).get("score").asDouble());
    assertEquals("i-u1-b", body.get("items").get(1).get("itemId").asText());
  }

  @Test
  void unknownUserIsA404NamingTheField() throws Exception {
    recommend("u1", "m1", 978_300_760_000L);
    assertError(get("/users/nobody/recommendations"), 404, "user 'nobody' has no recommendations", "userId");
    assertEquals(404, get("/users/nobody/history").status);
  }

  @Test
  void userIdsArePercentDecodedSegmentBySegment() throws Exception {
    String odd = "a b/c%d+é?";
    recommend(odd, "m1", 978_300_760_000L);
    Reply reply = get("/users/a%20b%2Fc%25d+%C3%A9%3F/recommendations");
    assertEquals(200, reply.status, reply.body);
    assertEquals(odd, JSON.readTree(reply.body).get("userId").asText());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "/users//recommendations       | userId | userId: is empty",
      "/users/%ZZ/recommendations    | target | target: bad percent-encoding (% must be followed by two hex digits)",
      "/users/ab%4/history           | target | target: bad percent-encoding (% must be followed by two hex digits)",
      "/users/%FF%FE/recommendations | userId | userId: percent-encoded bytes are not UTF-8",
      "/users/%C3/history            | userId | userId: percent-encoded bytes are not UTF-8"})
  void badIdsAre400NamingTheField(String target, String field, String error) throws Exception {
    assertError(raw("GET " + target + " HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n"), 400, error, field);
  }

  @Test
  void tooLongIdIs400() throws Exception {
    Reply ok = get("/users/" + "x".repeat(256) + "/recommendations");
    assertEquals(404, ok.status, "256 characters is the contract's limit, so still a possible user");
    Reply reply = get("/users/" + "é".repeat(257) + "/recommendations");
    assertEquals(400, reply.status);
    assertEquals("userId: 257 characters, the limit is 256", JSON.readTree(reply.body).get("error").asText());
  }

  @Test
  void historyIsOldestFirstWithTimestampsAndPointInTime() throws Exception {
    for (int i = 1; i <= 6; i++) {
      act("u1", "item" + i, T0 + i * 1000);
    }
    act("u2", "item1", T0);

    JsonNode byDefault = JSON.readTree(get("/users/u1/history").body);
    assertEquals(List.of("item4", "item5", "item6"), itemIds(byDefault), "the default limit (3), newest kept");
    assertEquals(T0 + 4000, byDefault.get("items").get(0).get("timestamp").asLong());
    assertEquals(3, byDefault.get("limit").asInt());

    assertEquals(List.of("item2", "item3", "item4", "item5", "item6"), itemIds(JSON.readTree(get("/users/u1/history?limit=5").body)));
    JsonNode before = JSON.readTree(get("/users/u1/history?limit=2&before=" + (T0 + 4000)).body);
    assertEquals(List.of("item2", "item3"), itemIds(before), "strictly before the given time");
    assertEquals(T0 + 4000, before.get("before").asLong());

    Reply nothingYet = get("/users/u1/history?before=" + T0);
    assertEquals(200, nothingYet.status, "a known user with no events before the time: empty, not unknown");
    assertEquals(List.of(), itemIds(JSON.readTree(nothingYet.body)));
    assertEquals(List.of("item1"), itemIds(JSON.readTree(get("/users/u2/history").body)));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "limit=0            | limit  | limit: must be between 1 and 5, was 0",
      "limit=6            | limit  | limit: must be between 1 and 5, was 6",
      "limit=ten          | limit  | limit: 'ten' is not an integer",
      "limit=             | limit  | limit: '' is not an integer",
      "limit=99999999999999999999 | limit | limit: '99999999999999999999' is not an integer",
      "before=-1          | before | before: must be at least 0, was -1",
      "limit=2&limit=3    | limit  | limit: given more than once",
      "limt=2             | limt   | unknown query parameter 'limt'; this route takes [before, limit]",
      "limit=%G1          | limit  | limit: bad percent-encoding at character 1 (% must be followed by two hex digits)"})
  void badQueryParametersAre400NamingTheField(String query, String field, String error) throws Exception {
    act("u1", "item1", T0);
    assertError(raw("GET /users/u1/history?" + query + " HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n"), 400, error,
        field);
  }

  @Test
  void routesWithoutParametersRefuseThem() throws Exception {
    recommend("u1", "m1", T0);
    Reply reply = get("/users/u1/recommendations?limit=3");
    assertEquals(400, reply.status);
    assertEquals("unknown query parameter 'limit'; this route takes none", JSON.readTree(reply.body).get("error").asText());
  }

  @ParameterizedTest
  @CsvSource({"POST", "PUT", "DELETE", "PATCH"})
  void onlyGetIsAllowed(String method) throws Exception {
    recommend("u1", "m1", T0);
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri("/users/u1/recommendations"))
        .method(method, HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(405, response.statusCode());
    assertEquals("GET", response.headers().firstValue("Allow").orElseThrow());
    assertEquals("method " + method + " not allowed; the API is read-only (GET)",
        JSON.readTree(response.body()).get("error").asText());
    assertEquals(405, client.send(HttpRequest.newBuilder(uri("/healthz")).method("HEAD",
        HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
  }

  @ParameterizedTest
  @CsvSource({"/", "/users", "/users/u1", "/users/u1/recommendations/extra", "/healthz/", "/models", "/users/u1/friends"})
  void unknownPathsAre404Json(String path) throws Exception {
    Reply reply = get(path);
    assertEquals(404, reply.status, reply.body);
    assertEquals("application/json", reply.contentType);
    assertTrue(JSON.readTree(reply.body).get("error").asText().startsWith("no such resource: " + path), reply.body);
  }

  @Test
  void modelIsTheLatestAnnouncementAndTheVersionSeenInRecommendations() throws Exception {
    assertEquals(404, get("/models/current").status, "nothing known yet");
    recommend("u1", "v1", T0);
    JsonNode seen = JSON.readTree(get("/models/current").body);
    assertEquals("v1", seen.get("recommendationsModelVersion").asText());
    assertFalse(seen.has("version"), "nothing announced yet: " + seen);

    apply(models, "model-updates", ModelUpdateJson.toBytes(new ModelUpdate("v1", "file:///m/v1", SHA)), T0 + 5);
    apply(models, "model-updates", ModelUpdateJson.toBytes(new ModelUpdate("v2", "file:///m/v2", SHA)), T0 + 9);
    apply(models, "model-updates", "{\"version\":\"v3\"}".getBytes(StandardCharsets.UTF_8), T0 + 10);
    JsonNode current = JSON.readTree(get("/models/current").body);
    assertEquals("v2", current.get("version").asText(), "the bad v3 announcement is refused, not applied");
    assertEquals("file:///m/v2", current.get("uri").asText());
    assertEquals(SHA, current.get("sha256").asText());
    assertEquals(T0 + 9, current.get("announcedAt").asLong());
    assertEquals("v1", current.get("recommendationsModelVersion").asText());
    assertEquals(1, modelsTally.rejectedTotal());

    ModelAnnouncementStore reopened = new ModelAnnouncementStore(kv);
    assertEquals("v2", reopened.latest().orElseThrow().update().version(), "kept in the store for a restart");
    assertEquals("v1", reopened.recommendedVersion().orElseThrow());
  }

  @Test
  void recordsThatBreakTheContractAreCountedAndSkipped() throws Exception {
    act("u1", "item1", T0);
    apply(actions, "user-actions", "not json".getBytes(StandardCharsets.UTF_8), T0);
    apply(actions, "user-actions", "{\"userId\":\"u1\",\"itemId\":\"x\",\"action\":\"view\"}".getBytes(StandardCharsets.UTF_8), T0);
    apply(recommendations, "recommendations", "{\"userId\":\"u1\"}".getBytes(StandardCharsets.UTF_8), T0);
    apply(recommendations, "recommendations", null, T0);
    act("u1", "item2", T0 + 1);

    assertEquals(List.of("item1", "item2"), itemIds(JSON.readTree(get("/users/u1/history").body)));
    assertEquals(2, actionsTally.appliedTotal());
    assertEquals(2, actionsTally.rejectedTotal());
    assertEquals(2, recommendationsTally.rejectedTotal());
    String scraped = get("/metrics").body;
    assertTrue(scraped.contains("recsys_serve_feed_records_rejected_total{feed=\"user-actions\",reason=\"not-json\"} 1.0"), scraped);
    assertTrue(scraped.contains("recsys_serve_feed_records_rejected_total{feed=\"user-actions\",reason=\"missing-field\"} 1.0"), scraped);
    assertTrue(scraped.contains("recsys_serve_feed_records_rejected_total{feed=\"recommendations\",reason=\"tombstone\"} 1.0"), scraped);
    assertTrue(scraped.contains("recsys_serve_feed_records_applied_total{feed=\"user-actions\"} 2.0"), scraped);
  }

  @Test
  void healthIsOkWhileFeedsRunAnd503NamingAFailedOne() throws Exception {
    runners.add(runner("recommendations", () -> 0));
    runners.forEach(FeedRunner::start);
    JsonNode ok = awaitHealth(200);
    assertEquals("ok", ok.get("status").asText());
    assertEquals("recommendations", ok.get("feeds").get(0).get("feed").asText());
    assertEquals(0, ok.get("feeds").get(0).get("lag").asLong());

    FeedRunner failing = runner("user-actions", () -> {
      throw new IllegalStateException("store 'serving' at /tmp/x: disk full");
    });
    runners.add(failing);
    failing.start();
    JsonNode unhealthy = awaitHealth(503);
    assertEquals("unhealthy", unhealthy.get("status").asText());
    assertEquals("feed user-actions (topic-user-actions) failed: IllegalStateException: store 'serving' at /tmp/x: disk full",
        unhealthy.get("reason").asText());
    assertEquals("FAILED", unhealthy.get("feeds").get(1).get("state").asText());
    assertTrue(get("/metrics").body.contains("recsys_serve_feed_up{feed=\"user-actions\"} 0.0"));
  }

  @Test
  void aFeedThatCannotReachKafkaIsUnhealthyWhileItRetriesThenRecovers() throws Exception {
    java.util.concurrent.atomic.AtomicInteger polls = new java.util.concurrent.atomic.AtomicInteger();
    FeedRunner flaky = runner("recommendations", () -> {
      if (polls.incrementAndGet() == 1) {
        throw new org.apache.kafka.common.errors.TimeoutException("Timeout expired while fetching topic metadata");
      }
      return 0;
    });
    runners.add(flaky);
    flaky.start();
    JsonNode retrying = awaitHealth(503);
    assertEquals("feed recommendations (topic-recommendations) retrying: TimeoutException: Timeout expired while "
        + "fetching topic metadata", retrying.get("reason").asText());
    JsonNode recovered = awaitHealth(200);
    assertEquals("RUNNING", recovered.get("feeds").get(0).get("state").asText());
    assertFalse(recovered.get("feeds").get(0).has("failure"), recovered.toString());
  }

  @Test
  void metricsCountRequestsByRouteAndStatus() throws Exception {
    recommend("u1", "m1", T0);
    get("/users/u1/recommendations");
    get("/users/u1/recommendations");
    get("/users/u2/recommendations");
    get("/nowhere");
    Reply reply = get("/metrics");
    assertEquals(200, reply.status);
    assertTrue(reply.contentType.startsWith("text/plain; version=0.0.4"), reply.contentType);
    assertTrue(reply.body.contains("recsys_serve_requests_total{route=\"recommendations\",status=\"200\"} 2.0"), reply.body);
    assertTrue(reply.body.contains("recsys_serve_requests_total{route=\"recommendations\",status=\"404\"} 1.0"), reply.body);
    assertTrue(reply.body.contains("recsys_serve_requests_total{route=\"not-found\",status=\"404\"} 1.0"), reply.body);
    assertTrue(reply.body.contains("recsys_serve_request_duration_seconds_count{route=\"recommendations\"} 3"), reply.body);
    assertTrue(reply.body.contains("recsys_serve_feed_records_applied_total{feed=\"recommendations\"} 1.0"), reply.body);
  }

  @Test
  void oversizedRequestHeadersAre431Json() throws Exception {
    Reply reply = raw("GET /healthz HTTP/1.1\r\nHost: test\r\nX-Padding: " + "p".repeat(4096) + "\r\nConnection: close\r\n\r\n");
    assertEquals(431, reply.status, reply.body);
    assertEquals("application/json", reply.contentType);
    assertTrue(JSON.readTree(reply.body).has("error"), reply.body);
  }

  @Test
  void idleConnectionsAreClosed() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", api.port())) {
      socket.setSoTimeout(5000);
      long start = System.nanoTime();
      assertEquals(-1, socket.getInputStream().read(), "the server should close a connection that sends nothing");
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(millis >= 400 && millis < 4000, "closed after " + millis + " ms, the idle timeout is 500 ms");
    }
  }

  // --- filling the stores through the feeds' appliers, as the feeds do

  private void act(String user, String item, long time) {
    apply(actions, "user-actions",
        UserActionJson.toBytes(UserAction.of(user, item, "view", time)), time);
  }

  private void recommend(String user, String model, long eventTime) {
    Recommendation r = new Recommendation(user, List.of(new Recommendation.Item("i-" + user + "-a", 2.5),
        new Recommendation.Item("i-" + user + "-b", 1.25)), model, false, eventTime, null, 0, 0, T0 + 1);
    apply(recommendations, "recommendations", RecommendationJson.toBytes(r), T0);
  }

  private void apply(TopicFeed.RecordHandler handler, String topic, byte[] value, long timestamp) {
    ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>(topic, 0, offset++, timestamp,
        org.apache.kafka.common.record.TimestampType.CREATE_TIME, 0, value == null ? 0 : value.length, null, value,
        new org.apache.kafka.common.header.internals.RecordHeaders(), java.util.Optional.empty());
    Batch batch = new Batch();
    handler.apply(record, batch);
    kv.write(batch);
    List.of(actionsTally, recommendationsTally, modelsTally).forEach(FeedTally::publish);
  }

  private FeedRunner runner(String name, java.util.function.IntSupplier poll) {
    PolledFeed feed = new PolledFeed() {
      @Override
      public int pollOnce(Duration timeout) {
        return poll.getAsInt();
      }

      @Override
      public long lag() {
        return 0;
      }

      @Override
      public void close() {}
    };
    return new FeedRunner("topic-" + name, () -> feed, new FeedTally(name, metrics), metrics);
  }

  private JsonNode awaitHealth(int status) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    Reply reply = get("/healthz");
    // A running feed reports its lag after its first poll; wait for it so the body is complete.
    while (reply.status != status
        || status == 200 && JSON.readTree(reply.body).get("feeds").findValues("lag").stream().anyMatch(l -> l.asLong() < 0)) {
      assertTrue(System.nanoTime() < deadline, "no " + status + " from /healthz, last: " + reply.status + " " + reply.body);
      Thread.sleep(20);
      reply = get("/healthz");
    }
    return JSON.readTree(reply.body);
  }

  // --- HTTP

  private record Reply(int status, String contentType, String body) {}

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + api.port() + path);
  }

  private Reply get(String path) throws Exception {
    HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri(path)).build(),
        HttpResponse.BodyHandlers.ofString());
    return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null), response.body());
  }

  /** A request sent as written: java.net.URI refuses the malformed targets these tests need to send. */
  private Reply raw(String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", api.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      int headerEnd = response.indexOf("\r\n\r\n");
      String head = response.substring(0, headerEnd);
      int status = Integer.parseInt(head.substring(9, 12));
      String contentType = head.lines().filter(l -> l.regionMatches(true, 0, "Content-Type:", 0, 13))
          .map(l -> l.substring(13).strip()).findFirst().orElse(null);
      return new Reply(status, contentType, response.substring(headerEnd + 4));
    }
  }

  private static void assertError(Reply reply, int status, String error, String field) throws IOException {
    assertEquals(status, reply.status, reply.body);
    assertEquals("application/json", reply.contentType);
    JsonNode body = JSON.readTree(reply.body);
    assertEquals(error, body.get("error").asText());
    assertEquals(field, body.get("field").asText());
  }

  private static List<String> itemIds(JsonNode history) {
    List<String> ids = new ArrayList<>();
    history.get("items").forEach(item -> ids.add(item.get("itemId").asText()));
    return ids;
  }
}
