package dev.recsys.stream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recsys.stream.TestModels;
import dev.recsys.stream.config.StreamSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** What a user meets before the job starts: option errors, settings errors, a bad model file. */
class StreamCommandTest {
  @TempDir static Path dir;
  private static String model;
  private final StringWriter err = new StringWriter();

  @BeforeAll
  static void model() {
    model = TestModels.save(TestModels.model(TestModels.itemIds(10), TestModels.SMALL, 1), dir.resolve("m.sasrec"), "v")
        .uri();
  }

  private int run(String... args) {
    CommandLine command = StreamCommand.commandLine(true);
    command.setErr(new PrintWriter(err, true));
    command.setOut(new PrintWriter(new StringWriter(), true));
    return command.execute(args);
  }

  @Test
  void anUnknownOptionIsAUsageError() {
    assertEquals(2, run("--model", model, "--batchsize", "3"));
    assertTrue(err.toString().contains("Unknown options: '--batchsize'"), err.toString());
    assertTrue(err.toString().contains("Possible solutions: --batch-size"), err.toString());
    assertEquals(2, run("--model"));
    assertTrue(err.toString().contains("Usage: recsys stream"), err.toString());
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
      "--k, 0, recsys.recommendations.k must be in 1..1000, got 0",
      "--batch-size, 5000, recsys.scoring.batch-size must be in 1..4096, got 5000",
      "--batch-timeout-ms, -1, --batch-timeout-ms must be >= 0, got -1",
      "--history-ttl, soon, recsys.history.ttl",
      "--input-topic, ' ', recsys.kafka.input-topic must not be blank",
      "--parallelism, 0, --parallelism must be >= 1, got 0",
  })
  void aBadValueNamesTheSettingAndExitsOne(String option, String value, String expected) {
    assertEquals(1, run("--model", model, option, value));
    assertTrue(err.toString().startsWith("recsys stream: "), err.toString());
    assertTrue(err.toString().contains(expected), () -> err + " should contain " + expected);
  }

  @Test
  void aMissingOrDamagedModelIsRefusedBeforeAnythingStarts() throws Exception {
    assertEquals(1, run("--model", dir.resolve("nope.sasrec").toString()));
    assertTrue(err.toString().contains("nope.sasrec does not exist"), err.toString());
    assertEquals(1, run());
    assertTrue(err.toString().contains("recsys.model.path is required"), err.toString());
    Path damaged = dir.resolve("damaged.sasrec");
    java.nio.file.Files.write(damaged, new byte[] {1, 2, 3});
    assertEquals(1, run("--model", damaged.toString()));
    assertTrue(err.toString().contains("damaged.sasrec"), err.toString());
  }

  @Test
  void optionsWinOverFlinkKeysAndKafkaPropertiesPassThrough() throws Exception {
    StreamCommand command = new StreamCommand(true);
    new CommandLine(command).parseArgs("--model", model, "-D", "recsys.recommendations.k=7", "-D",
        "recsys.scoring.batch-size=32", "--batch-size", "16", "--batch-timeout-ms", "20", "--property",
        "security.protocol=SSL", "-D", "recsys.kafka.properties.client.rack=r1");
    Configuration config = command.explicitConfiguration();
    config.addAll(dev.recsys.stream.config.JobDefaults.notSetIn(config.toMap(), true));
    StreamSettings settings = StreamSettings.from(config);
    assertEquals(7, settings.k());
    assertEquals(16, settings.batchSize());
    assertEquals(Duration.ofMillis(20), settings.batchTimeout());
    assertEquals("SSL", settings.kafkaClientProperties().getProperty("security.protocol"));
    assertEquals("r1", settings.kafkaClientProperties().getProperty("client.rack"));
    assertEquals("rocksdb", config.toMap().get("state.backend.type"));
  }
}
