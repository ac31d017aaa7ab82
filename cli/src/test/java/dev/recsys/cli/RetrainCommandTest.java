package dev.recsys.cli;

import static dev.recsys.cli.CliRun.recsys;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recsys.events.UserAction;
import dev.recsys.events.UserActionJson;
import dev.recsys.ingest.SharedBroker;
import dev.recsys.ingest.broker.LocalKafkaBroker;
import dev.recsys.ingest.topics.TopicAdmin;
import dev.recsys.model.SasrecModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** recsys retrain as a user runs it; the retrain module's own tests cover the gate, resume and warm start. */
@ExtendWith(SharedBroker.class)
class RetrainCommandTest {
  @TempDir Path dir;

  @Test
  void retrainsPrintsBothProtocolsAndTheDecisionAndAnnounces(LocalKafkaBroker broker) throws Exception {
    String bootstrap = broker.bootstrapServers();
    String actions = "retrain-cli-actions";
    String updates = "retrain-cli-updates";
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      admin.createTopics(List.of(new NewTopic(actions, 2, (short) 1), new NewTopic(updates, 1, (short) 1))).all().get();
      TopicAdmin.awaitLeaders(admin, List.of(actions, updates), Duration.ofSeconds(30));
    }
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
        new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int user = 0; user < 30; user++) {
        for (int i = 0; i < 6; i++) {
          UserAction action = UserAction.of("u" + user, "i" + (user + i) % 10, "view", 1_700_000_000_000L + i);
          producer.send(new ProducerRecord<>(actions, action.userId().getBytes(StandardCharsets.UTF_8),
              UserActionJson.toBytes(action)));
        }
      }
    }
    String[] common = {"retrain", "--bootstrap-servers", bootstrap, "--actions-topic", actions,
        "--model-updates-topic", updates, "--store", dir.toString(), "--max-len", "5", "--hidden", "8",
        "--blocks", "1", "--epochs", "1", "--no-progress"};

    CliRun first = recsys(concat(common, "--model-version", "v1"));

    assertEquals(0, first.exitCode(), first.toString());
    assertTrue(first.out().contains("candidate sampled  candidate full"), first.toString());
    assertTrue(first.out().contains("model v1: " + dir.resolve("models/v1.sasrec").toAbsolutePath()
        + ", announced on " + updates), first.toString());
    assertTrue(first.out().contains("gate: published: no serving model to compare with"), first.toString());
    assertTrue(first.err().contains("replay: 180 records in"), first.toString());
    assertTrue(first.err().contains("warning: no serving model"), first.toString());
    assertEquals(180, SasrecModel.load(dir.resolve("models/v1.sasrec")).provenance().trainingParameters()
        .get("replayedEvents"));

    CliRun second = recsys(concat(common, "--model-version", "v2", "--gate-margin", "-1"));

    assertEquals(0, second.exitCode(), second.toString());
    assertTrue(second.out().contains("serving sampled") && second.out().contains("serving full"), second.toString());
    assertTrue(second.out().contains("model v2: " + dir.resolve("models/v2.sasrec").toAbsolutePath()
        + ", not announced"), second.toString());
    assertTrue(second.out().contains("gate: refused: candidate full:NDCG@10"), second.toString());
    assertTrue(second.err().contains("serving model: v1 at file:"), second.toString());
    assertTrue(Files.exists(dir.resolve("models/v2.sasrec")), "a refused model is kept for inspection");
  }

  @Test
  void badArgumentsAreUsageErrorsAndBadValuesNameTheSetting() {
    CliRun notANumber = recsys("retrain", "--gate-margin", "abc");
    assertEquals(2, notANumber.exitCode(), notANumber.toString());

    CliRun metric = recsys("retrain", "--gate-metric", "NDCG@10");
    assertEquals(2, metric.exitCode(), metric.toString());
    assertTrue(metric.err().startsWith("gate metric 'NDCG@10' must be full:<metric> or sampled:<metric>"),
        metric.toString());
    assertTrue(metric.err().contains("Usage: recsys retrain"), metric.toString());

    CliRun version = recsys("retrain", "--model-version", "../escape");
    assertEquals(2, version.exitCode(), version.toString());
    assertTrue(version.err().startsWith("retrain settings: version '../escape' must be"), version.toString());
  }

  private static String[] concat(String[] first, String... more) {
    String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
    System.arraycopy(more, 0, all, first.length, more.length);
    return all;
  }
}
