package dev.recsys.cli.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recsys.cli.RecsysCli;
import dev.recsys.events.Recommendation;
import dev.recsys.events.RecommendationJson;
import dev.recsys.events.UserAction;
import dev.recsys.events.UserActionJson;
import dev.recsys.ingest.SharedBroker;
import dev.recsys.ingest.broker.LocalKafkaBroker;
import dev.recsys.ingest.topics.TopicAdmin;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code recsys serve} as it is run: its own JVM, fed from a real broker, asked over HTTP, stopped with SIGTERM. */
@ExtendWith(SharedBroker.class)
class ServeCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LISTENING = Pattern.compile("recsys serve listening on (http://\\S+/) .*");
  private static final long T0 = 1_700_000_000_000L;

  @TempDir Path dir;
  private final HttpClient client = HttpClient.newHttpClient();
  private Process process;

  @AfterEach
  void killLeftover() {
    if (process != null) {
      process.destroyForcibly();
    }
  }

  @Test
  @Timeout(180)
  void servesWhatTheTopicsHoldAndStopsCleanlyOnSigterm(LocalKafkaBroker broker) throws Exception {
    String actions = "serve-cli-actions";
    String recommendations = "serve-cli-recommendations";
    String models = "serve-cli-models";
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(actions, 2, (short) 1), new NewTopic(recommendations, 2, (short) 1),
          new NewTopic(models, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
      TopicAdmin.awaitLeaders(admin, List.of(actions, recommendations, models), Duration.ofSeconds(30));
    }
    // Files, not pipes: Process.destroy() closes the pipes, and the last line comes after it.
    Path stdout = dir.resolve("serve.out");
    Path stderr = dir.resolve("serve.err");
    process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), RecsysCli.class.getName(), "serve", "--port", "0",
        "--host", "127.0.0.1", "--store", dir.resolve("store").toString(), "--bootstrap-servers", broker.bootstrapServers(),
        "--user-actions-topic", actions, "--recommendations-topic", recommendations, "--model-updates-topic", models)
        .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    String line = awaitLines(stdout, 1, Duration.ofSeconds(120)).get(0);
    Matcher listening = LISTENING.matcher(line);
    assertTrue(listening.matches(), line);
    URI base = URI.create(listening.group(1));

    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()), new ByteArraySerializer(),
        new ByteArraySerializer())) {
      for (int i = 1; i <= 3; i++) {
        producer.send(new ProducerRecord<>(actions, bytes("ana"), UserActionJson.toBytes(
            UserAction.of("ana", "film-" + i, "view", T0 + i)))).get(30, TimeUnit.SECONDS);
      }
      producer.send(new ProducerRecord<>(recommendations, bytes("ana"), RecommendationJson.toBytes(new Recommendation(
          "ana", List.of(new Recommendation.Item("film-7", 4.0)), "v1", true, T0 + 3, null, 0, 2, T0 + 9))))
          .get(30, TimeUnit.SECONDS);
    }

    JsonNode history = await(base.resolve("users/ana/history?limit=10"), body -> body.get("items").size() == 3);
    assertEquals("film-1", history.get("items").get(0).get("itemId").asText());
    JsonNode recommended = await(base.resolve("users/ana/recommendations"), body -> true);
    assertEquals("film-7", recommended.get("items").get(0).get("itemId").asText());
    assertTrue(recommended.get("coldStart").asBoolean());

    assertEquals(400, send(base.resolve("users/ana/history?limit=0"), "GET").statusCode());
    assertEquals(404, send(base.resolve("users/bob/recommendations"), "GET").statusCode());
    HttpResponse<String> post = send(base.resolve("users/ana/recommendations"), "POST");
    assertEquals(405, post.statusCode());
    assertEquals("GET", post.headers().firstValue("Allow").orElseThrow());
    String metrics = send(base.resolve("metrics"), "GET").body();
    assertTrue(metrics.contains("recsys_serve_requests_total{route=\"history\",status=\"400\"} 1.0"), metrics);
    assertTrue(metrics.contains("recsys_serve_requests_total{route=\"recommendations\",status=\"405\"} 1.0"), metrics);
    assertTrue(metrics.contains("recsys_serve_feed_records_applied_total{feed=\"user-actions\"} 3.0"), metrics);
    assertTrue(metrics.contains("recsys_serve_feed_records_applied_total{feed=\"recommendations\"} 1.0"), metrics);

    long signalled = System.nanoTime();
    process.destroy(); // SIGTERM
    assertTrue(process.waitFor(20, TimeUnit.SECONDS), "recsys serve did not stop within 20 s of SIGTERM");
    long millis = (System.nanoTime() - signalled) / 1_000_000;
    assertEquals(0, process.exitValue(), () -> "stderr:\n" + read(stderr));
    assertEquals(List.of(line, "recsys serve stopped"), Files.readAllLines(stdout), () -> "stderr:\n" + read(stderr));
    assertTrue(millis < 10_000, "stopping took " + millis + " ms");
    assertTrue(Files.isDirectory(dir.resolve("store")), "the store stays for the next start");
  }

  @Test
  void badSettingsAreUsageErrorsNamingTheSetting() {
    StringWriter err = new StringWriter();
    int exit = RecsysCli.commandLine().setErr(new PrintWriter(err, true))
        .execute("serve", "--max-threads", "2", "--bootstrap-servers", "localhost:1");
    assertEquals(2, exit, err.toString());
    assertTrue(err.toString().startsWith("serve setting maxThreads must be between 8 and 10000, was 2"), err.toString());
    assertTrue(err.toString().contains("Usage: recsys serve"), err.toString());
  }

  private JsonNode await(URI uri, java.util.function.Predicate<JsonNode> done) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      HttpResponse<String> response = send(uri, "GET");
      if (response.statusCode() == 200 && done.test(JSON.readTree(response.body()))) {
        return JSON.readTree(response.body());
      }
      assertTrue(System.nanoTime() < deadline, uri + ": " + response.statusCode() + " " + response.body());
      Thread.sleep(50);
    }
  }

  private HttpResponse<String> send(URI uri, String method) throws Exception {
    return client.send(HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** The first {@code count} lines of {@code file} once a process has written them. */
  private List<String> awaitLines(Path file, int count, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String text = Files.readString(file);
      List<String> lines = text.lines().toList();
      if (text.endsWith("\n") && lines.size() >= count) {
        return lines.subList(0, count);
      }
      assertTrue(process.isAlive() && System.nanoTime() < deadline, "no " + count + " lines on stdout: " + text
          + "\nstderr:\n" + read(dir.resolve("serve.err")));
      Thread.sleep(50);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }
}
