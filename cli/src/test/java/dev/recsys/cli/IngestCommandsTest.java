package dev.recsys.cli;

import static dev.recsys.cli.CliRun.recsys;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recsys.events.ModelUpdate;
import dev.recsys.events.ModelUpdateJson;
import dev.recsys.events.Topics;
import dev.recsys.ingest.Ports;
import dev.recsys.ingest.SharedBroker;
import dev.recsys.ingest.broker.LocalKafkaBroker;
import dev.recsys.ingest.topics.TopicAdmin;
import dev.recsys.model.artifact.ArtifactFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** topics create → produce → validate, as a user runs them, against a real broker. */
@ExtendWith(SharedBroker.class)
class IngestCommandsTest {
  @TempDir static Path dir;

  @Test
  void createProduceValidate(LocalKafkaBroker broker) throws Exception {
    String bootstrap = broker.bootstrapServers();
    CliRun created = recsys("topics", "create", "--bootstrap-servers", bootstrap, "--partitions", "2");
    assertEquals(0, created.exitCode(), created.toString());
    for (String topic : Topics.names()) {
      assertTrue(created.out().contains(topic + ": created"), created.toString());
    }
    // Bootstrap servers through --property alone: client properties pass through.
    CliRun again = recsys("topics", "create", "--property", "bootstrap.servers=" + bootstrap, "--partitions", "2");
    assertEquals(0, again.exitCode(), again.toString());
    assertTrue(again.out().contains(Topics.VALID + ": exists (2 partitions, replication 1), as requested"), again.toString());

    StringBuilder lines = new StringBuilder();
    for (int user = 1; user <= 6; user++) {
      for (int item = 1; item <= 5; item++) {
        lines.append(user).append(' ').append(user * 10 + item).append('\n');
      }
    }
    Path data = Files.writeString(dir.resolve("small.txt"), lines.toString());
    CliRun produced = recsys("produce", "--data", data.toString(), "--bootstrap-servers", bootstrap, "--no-progress");
    assertEquals(0, produced.exitCode(), produced.toString());
    assertTrue(produced.out().startsWith("sent 30, failed 0"), produced.toString());
    assertTrue(produced.err().contains("event times synthesised"), produced.toString());

    try (KafkaProducer<String, String> app = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
        new StringSerializer(), new StringSerializer())) {
      app.send(new ProducerRecord<>(Topics.RAW, "7", "not json")).get();
      app.send(new ProducerRecord<>(Topics.RAW, "7", "{\"userId\":\"7\"}")).get();
    }
    CliRun validated = recsys("validate", "--bootstrap-servers", bootstrap, "--until-caught-up",
        "--state-dir", dir.resolve("validator").toString(), "--stats-interval", "1s");
    assertEquals(0, validated.exitCode(), validated.toString());
    assertTrue(validated.out().startsWith("valid 30, refused 2 (not-json 1, missing-field 1)"), validated.toString());
  }

  @Test
  void announceChecksTheArtifactAndPublishesItsChecksum(LocalKafkaBroker broker) throws Exception {
    String bootstrap = broker.bootstrapServers();
    // Its own topic: the other tests here share the broker and expect to create the standard ones.
    String topic = "model-updates-announce";
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
      TopicAdmin.awaitLeaders(admin, List.of(topic), Duration.ofSeconds(30));
    }
    StringBuilder lines = new StringBuilder();
    for (int user = 1; user <= 20; user++) {
      for (int item = 1; item <= 6; item++) {
        lines.append(user).append(' ').append((user + item) % 12 + 1).append('\n');
      }
    }
    Path data = Files.writeString(dir.resolve("announce.txt"), lines.toString());
    Path model = dir.resolve("announce.sasrec");
    CliRun trained = recsys("train", "--data", data.toString(), "--out", model.toString(), "--epochs", "1",
        "--max-len", "5", "--hidden", "8", "--blocks", "1", "--no-progress");
    assertEquals(0, trained.exitCode(), trained.toString());

    Path damaged = Files.write(dir.resolve("damaged.sasrec"), new byte[] {1, 2, 3});
    CliRun refused = recsys("announce", "--model", damaged.toString(), "--model-version", "bad", "--topic", topic,
        "--bootstrap-servers", bootstrap);
    assertEquals(1, refused.exitCode(), refused.toString());
    assertTrue(refused.err().startsWith("recsys: model artifact " + damaged), refused.toString());

    CliRun announced = recsys("announce", "--model", model.toString(), "--model-version", "v2", "--topic", topic,
        "--bootstrap-servers", bootstrap);
    assertEquals(0, announced.exitCode(), announced.toString());
    ModelUpdate expected = new ModelUpdate("v2", model.toAbsolutePath().toUri().toString(), ArtifactFile.sha256(model));
    assertEquals(expected, ModelUpdateJson.parse(announced.out().strip().getBytes(StandardCharsets.UTF_8)));
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap),
        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      TopicPartition partition = new TopicPartition(topic, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      List<ModelUpdate> onTopic = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (onTopic.isEmpty() && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> onTopic.add(ModelUpdateJson.parse(r.value())));
      }
      assertEquals(List.of(expected), onTopic, "only the intact model was announced");
    }
  }

  @Test
  void benchIngestPrintsEachRunAndTheMedians(LocalKafkaBroker broker) throws Exception {
    Path data = Files.writeString(dir.resolve("bench.txt"), "1 10\n1 11\n2 20\n2 21\n3 30\n");
    CliRun bench = recsys("bench", "ingest", "--data", data.toString(), "--runs", "1", "--warmup", "0",
        "--partitions", "2", "--bootstrap-servers", broker.bootstrapServers());
    assertEquals(0, bench.exitCode(), bench.toString());
    assertTrue(bench.out().contains("run 1: produce "), bench.toString());
    assertTrue(bench.out().contains("valid 5, refused 0"), bench.toString());
    assertTrue(bench.out().contains("median: produce "), bench.toString());
  }

  @Test
  void errorsAUserMeets(LocalKafkaBroker broker) throws Exception {
    CliRun noBroker = recsys("topics", "create", "--bootstrap-servers", "localhost:" + Ports.free(1)[0], "--timeout", "2s");
    assertEquals(1, noBroker.exitCode(), noBroker.toString());
    assertTrue(noBroker.err().contains("recsys: no answer from Kafka"), noBroker.toString());

    CliRun badRate = recsys("produce", "--data", "x.txt", "--rate", "fast");
    assertEquals(2, badRate.exitCode(), badRate.toString());
    assertTrue(badRate.err().contains("Usage:"), badRate.toString());

    CliRun missing = recsys("produce", "--data", dir.resolve("ml-1m.txt").toString(), "--bootstrap-servers", broker.bootstrapServers());
    assertEquals(1, missing.exitCode(), missing.toString());
    assertTrue(missing.err().contains("github.com/kang205/SASRec"), missing.toString());

    CliRun badAlias = recsys("validate", "--action-alias", "buy", "--bootstrap-servers", broker.bootstrapServers());
    assertEquals(1, badAlias.exitCode(), badAlias.toString());
    assertTrue(badAlias.err().contains("validator.action.aliases"), badAlias.toString());

    CliRun badProperty = recsys("topics", "create", "--bootstrap-servers", broker.bootstrapServers(),
        "--property", "request.timeout.ms=soon");
    assertEquals(1, badProperty.exitCode(), badProperty.toString());
    assertTrue(badProperty.err().contains("recsys: bad Kafka setting: Invalid value soon for configuration request.timeout.ms"),
        badProperty.toString());

    Path small = Files.writeString(dir.resolve("one.txt"), "1 2\n");
    CliRun missingTopic = recsys("produce", "--data", small.toString(), "--topic", "user-actions-typo",
        "--bootstrap-servers", broker.bootstrapServers());
    assertEquals(1, missingTopic.exitCode(), missingTopic.toString());
    assertTrue(missingTopic.err().contains("topic user-actions-typo not found"), missingTopic.toString());
    assertTrue(missingTopic.err().contains("recsys topics create"), missingTopic.toString());

    CliRun unknownTopic = recsys("topics", "create", "--topic", "user-action", "--bootstrap-servers", broker.bootstrapServers());
    assertEquals(1, unknownTopic.exitCode(), unknownTopic.toString());
    assertTrue(unknownTopic.err().contains("unknown topic 'user-action'"), unknownTopic.toString());

    for (String command : List.of("topics", "produce", "validate")) {
      CliRun help = recsys(command, "--help");
      assertEquals(0, help.exitCode(), help.toString());
      assertTrue(help.out().contains("--help"), help.toString());
    }
  }
}
