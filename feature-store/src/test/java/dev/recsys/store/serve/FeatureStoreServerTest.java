package dev.recsys.store.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recsys.events.ModelUpdate;
import dev.recsys.events.ModelUpdateJson;
import dev.recsys.events.Recommendation;
import dev.recsys.events.RecommendationJson;
import dev.recsys.events.UserAction;
import dev.recsys.events.UserActionJson;
import dev.recsys.ingest.SharedBroker;
import dev.recsys.ingest.broker.LocalKafkaBroker;
import dev.recsys.ingest.topics.TopicAdmin;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole serving process against a real broker and a real RocksDB store: the feeds fill the
 * store from three topics, the API answers from it, a restart resumes where the store says, and a
 * feed that cannot run turns /healthz to 503.
 */
@ExtendWith(SharedBroker.class)
class FeatureStoreServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final long T0 = 1_700_000_000_000L;

  @TempDir Path dir;
  private final HttpClient client = HttpClient.newHttpClient();

  @Test
  void feedsFillTheStoreAndARestartResumesWhereItStopped(LocalKafkaBroker broker) throws Exception {
    String actions = "serve-it-actions";
    String recommendations = "serve-it-recommendations";
    String models = "serve-it-models";
    createTopics(broker, Map.of(actions, 2, recommendations, 2, models, 1));
    ServeSettings settings = ServeSettings.builder().host("127.0.0.1").port(0).storeDir(dir.resolve("store"))
        .bootstrapServers(broker.bootstrapServers()).userActionsTopic(actions).recommendationsTopic(recommendations)
        .modelUpdatesTopic(models).build();

    try (KafkaProducer<byte[], byte[]> producer = producer(broker)) {
      for (int i = 1; i <= 5; i++) {
        send(producer, actions, "u 1", UserActionJson.toBytes(UserAction.of("u 1", "item-" + i, "view", T0 + i)));
      }
      send(producer, actions, "u2", "{\"userId\":\"u2\"}".getBytes(StandardCharsets.UTF_8));
      send(producer, recommendations, "u 1", RecommendationJson.toBytes(new Recommendation("u 1",
          List.of(new Recommendation.Item("item-9", 3.5)), "v1", false, T0 + 5, null, 0, 4, T0 + 10)));
      send(producer, models, "v2", ModelUpdateJson.toBytes(new ModelUpdate("v2", "file:///models/v2", "0f".repeat(32))));
    }

    try (FeatureStoreServer server = FeatureStoreServer.start(settings)) {
      JsonNode history = await(server, "/users/u%201/history", body -> body.get("items").size() == 5);
      assertEquals("item-1", history.get("items").get(0).get("itemId").asText());
      assertEquals(T0 + 5, history.get("items").get(4).get("timestamp").asLong());
      JsonNode recommended = await(server, "/users/u%201/recommendations", body -> true);
      assertEquals("item-9", recommended.get("items").get(0).get("itemId").asText());
      JsonNode model = await(server, "/models/current", body -> body.has("version"));
      assertEquals("v2", model.get("version").asText());
      assertEquals("v1", model.get("recommendationsModelVersion").asText());
      JsonNode health = await(server, "/healthz", body -> body.get("feeds").findValues("lag").stream().allMatch(l -> l.asLong() == 0));
      assertEquals("ok", health.get("status").asText());
      String metrics = get(server, "/metrics").body();
      assertTrue(metrics.contains("recsys_serve_feed_records_applied_total{feed=\"user-actions\"} 5.0"), metrics);
      assertTrue(metrics.contains("recsys_serve_feed_records_rejected_total{feed=\"user-actions\",reason=\"missing-field\"} 1.0"), metrics);
      server.close();
      server.close(); // idempotent
    }

    try (KafkaProducer<byte[], byte[]> producer = producer(broker)) {
      send(producer, actions, "u 1", UserActionJson.toBytes(UserAction.of("u 1", "item-6", "view", T0 + 6)));
    }
    try (FeatureStoreServer restarted = FeatureStoreServer.start(settings)) {
      // Known at once from the store, before any feed has polled.
      assertEquals("v2", JSON.readTree(get(restarted, "/models/current").body()).get("version").asText());
      JsonNode history = await(restarted, "/users/u%201/history", body -> body.get("items").size() >= 6);
      assertEquals(6, history.get("items").size(), "nothing applied twice: " + history);
      assertEquals("item-6", history.get("items").get(5).get("itemId").asText());
      String metrics = get(restarted, "/metrics").body();
      assertTrue(metrics.contains("recsys_serve_feed_records_applied_total{feed=\"user-actions\"} 1.0"),
          "only the new record is read after the restart: " + metrics);
    }
  }

  @Test
  void aFeedThatCannotRunMakesHealth503WithTheReason(LocalKafkaBroker broker) throws Exception {
    createTopics(broker, Map.of("serve-health-actions", 1, "serve-health-models", 1));
    ServeSettings settings = ServeSettings.builder().host("127.0.0.1").port(0).storeDir(dir.resolve("store"))
        .bootstrapServers(broker.bootstrapServers()).userActionsTopic("serve-health-actions")
        .recommendationsTopic("serve-health-missing").modelUpdatesTopic("serve-health-models").build();
    try (FeatureStoreServer server = FeatureStoreServer.start(settings)) {
      long deadline = System.nanoTime() + WAIT.toNanos();
      HttpResponse<String> health = get(server, "/healthz");
      while (health.statusCode() != 503 && System.nanoTime() < deadline) {
        Thread.sleep(50);
        health = get(server, "/healthz");
      }
      assertEquals(503, health.statusCode(), health.body());
      assertEquals("feed recommendations (serve-health-missing) failed: IllegalArgumentException: feed "
          + "'recommendations': topic 'serve-health-missing' does not exist",
          JSON.readTree(health.body()).get("reason").asText());
      assertEquals(200, get(server, "/metrics").statusCode(), "the API keeps answering");
    }
  }

  @Test
  void aSecondServerOnTheSameStoreOrPortIsAClearError(LocalKafkaBroker broker) throws Exception {
    createTopics(broker, Map.of("serve-twice-actions", 1, "serve-twice-recommendations", 1, "serve-twice-models", 1));
    ServeSettings settings = ServeSettings.builder().host("127.0.0.1").port(0).storeDir(dir.resolve("store"))
        .bootstrapServers(broker.bootstrapServers()).userActionsTopic("serve-twice-actions")
        .recommendationsTopic("serve-twice-recommendations").modelUpdatesTopic("serve-twice-models").build();
    try (FeatureStoreServer server = FeatureStoreServer.start(settings)) {
      IOException sameStore = assertThrows(IOException.class, () -> FeatureStoreServer.start(settings));
      assertTrue(sameStore.getMessage().startsWith("store 'serving' at " + dir.resolve("store").toAbsolutePath()),
          sameStore.getMessage());
      assertTrue(sameStore.getMessage().endsWith("(is another process using it?)"), sameStore.getMessage());

      ServeSettings samePort = ServeSettings.builder().host("127.0.0.1").port(server.port())
          .storeDir(dir.resolve("other")).bootstrapServers(broker.bootstrapServers()).userActionsTopic("serve-twice-actions")
          .recommendationsTopic("serve-twice-recommendations").modelUpdatesTopic("serve-twice-models").build();
      IOException taken = assertThrows(IOException.class, () -> FeatureStoreServer.start(samePort));
      assertEquals("cannot listen on 127.0.0.1:" + server.port() + ": the port is not free", taken.getMessage());
      // The failed start released what it had opened: the other store can be opened again.
      dev.recsys.store.kv.RocksDbStore.open("check", dir.resolve("other")).close();
      assertEquals(200, get(server, "/healthz").statusCode());
    }
  }

  private static void createTopics(LocalKafkaBroker broker, Map<String, Integer> partitions) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
      List<NewTopic> topics = new ArrayList<>();
      partitions.forEach((name, count) -> topics.add(new NewTopic(name, count, (short) 1)));
      admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
      TopicAdmin.awaitLeaders(admin, partitions.keySet(), Duration.ofSeconds(30));
    }
  }

  private static KafkaProducer<byte[], byte[]> producer(LocalKafkaBroker broker) {
    return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
        new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static void send(KafkaProducer<byte[], byte[]> producer, String topic, String key, byte[] value) throws Exception {
    producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value)).get(30, TimeUnit.SECONDS);
  }

  private HttpResponse<String> get(FeatureStoreServer server, String path) throws Exception {
    return client.send(HttpRequest.newBuilder(server.baseUri().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Polls {@code path} until it answers 200 with a body {@code done} accepts. */
  private JsonNode await(FeatureStoreServer server, String path, Predicate<JsonNode> done) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      HttpResponse<String> response = get(server, path);
      if (response.statusCode() == 200 && done.test(JSON.readTree(response.body()))) {
        return JSON.readTree(response.body());
      }
      assertTrue(System.nanoTime() < deadline, path + " did not get there within " + WAIT + ": " + response.statusCode()
          + " " + response.body());
      Thread.sleep(50);
    }
  }
}
