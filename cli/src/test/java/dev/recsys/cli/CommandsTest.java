package dev.recsys.cli;

import static dev.recsys.cli.CliRun.recsys;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The subcommands end to end, in-process: train a tiny model on a generated SASRec-format file, then
 * evaluate, recommend and the error paths a user meets. The commands print results with System.out
 * and progress with System.err, so both are captured along with picocli's own writers.
 */
class CommandsTest {
  private static final int USERS = 60;
  private static final int SHORT_USERS = 3;
  private static final int CYCLE = 30;

  @TempDir static Path dir;

  private static Path data;
  private static Path model;
  private static CliRun training;

  /**
   * Users walking a cycle of items from random starts, 6 to 15 items each, plus a few users with
   * fewer than 3 items (trained on, never evaluated). Items are numbered 1..CYCLE as in the authors' files.
   */
  private static List<String> cyclicWalks() {
    SplittableRandom random = new SplittableRandom(7);
    List<String> lines = new ArrayList<>();
    for (int u = 1; u <= USERS; u++) {
      int start = random.nextInt(CYCLE);
      int length = 6 + random.nextInt(10);
      for (int i = 0; i < length; i++) {
        lines.add(u + " " + (1 + (start + i) % CYCLE));
      }
    }
    for (int u = USERS + 1; u <= USERS + SHORT_USERS; u++) {
      for (int i = 0; i < 1 + u % 2; i++) {
        lines.add(u + " " + (1 + (u + i) % CYCLE));
      }
    }
    return lines;
  }

  @BeforeAll
  static void trainATinyModel() throws IOException {
    data = dir.resolve("walks.txt");
    Files.write(data, cyclicWalks());
    model = dir.resolve("tiny.sasrec");
    training = recsys("train", "--data", data.toString(), "--out", model.toString(), "--epochs", "2",
        "--max-len", "10", "--hidden", "16", "--blocks", "1", "--validate-every", "1", "--no-progress");
  }

  @Test
  void trainWritesTheModelAndItsCurveAndSaysWhere() throws IOException {
    assertEquals(0, training.exitCode(), training::toString);
    assertTrue(Files.size(model) > 0, "no model file");
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> curves = files.filter(f -> f.getFileName().toString().endsWith(".curve.png")).toList();
      assertEquals(List.of(dir.resolve("tiny.curve.png")), curves);
      byte[] png = Files.readAllBytes(curves.get(0));
      assertTrue(png.length > 8 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', "not a PNG");
    }
    assertTrue(training.out().contains("model: " + model), training::toString);
    assertTrue(training.out().contains("epochs: 2"), training::toString);
    // Per-epoch summaries are progress: stderr, not stdout.
    assertTrue(training.err().contains("epoch 1: loss"), training::toString);
    assertTrue(training.err().contains("epoch 2: loss"), training::toString);
    assertFalse(training.out().contains("epoch 1: loss"), training::toString);
  }

  @Test
  void evaluateJsonIsExactlyOneObjectWithBothScorersAndProtocols() throws IOException {
    CliRun run = recsys("evaluate", "--model", model.toString(), "--data", data.toString(), "--json");
    assertEquals(0, run.exitCode(), run::toString);
    String text = run.out().strip();
    assertEquals(1, text.lines().count(), run::toString);
    JsonNode json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(text);
    assertTrue(json.isObject(), text);
    for (String scorer : new String[] {"model", "popularity"}) {
      for (String protocol : new String[] {"sampled", "full"}) {
        JsonNode metrics = json.path(scorer).path(protocol);
        assertTrue(metrics.isObject(), scorer + "." + protocol + " missing: " + text);
        JsonNode ndcg = metrics.path("NDCG@10");
        assertTrue(ndcg.isNumber(), scorer + "." + protocol + ".NDCG@10 missing: " + text);
        assertTrue(ndcg.asDouble() >= 0 && ndcg.asDouble() <= 1, text);
        assertTrue(metrics.path("HR@10").asDouble() >= ndcg.asDouble(), text);
      }
    }
    assertEquals(USERS, json.path("users").asInt(), "users with at least 3 items: " + text);
    assertEquals("test", json.path("stage").asText(), text);
  }

  @Test
  void evaluatePrintsATableByDefault() {
    CliRun run = recsys("evaluate", "--model", model.toString(), "--data", data.toString(), "--stage", "validation");
    assertEquals(0, run.exitCode(), run::toString);
    assertTrue(run.out().contains("NDCG@10"), run::toString);
    assertTrue(run.out().contains("model sampled"), run::toString);
    assertTrue(run.out().contains("popularity full"), run::toString);
    assertFalse(run.out().strip().startsWith("{"), run::toString);
  }

  private static final Pattern ROW = Pattern.compile("^\\s*(\\d+)\\s+(\\S+)\\s+(-?[0-9][0-9.,]*)\\s*$");

  private static List<String[]> rankedRows(String out) {
    List<String[]> rows = new ArrayList<>();
    for (String line : out.lines().toList()) {
      Matcher m = ROW.matcher(line);
      if (m.matches()) {
        rows.add(new String[] {m.group(1), m.group(2), m.group(3)});
      }
    }
    return rows;
  }

  @Test
  void recommendPrintsKRankedItemsOutsideTheHistory() {
    CliRun run = recsys("recommend", "--model", model.toString(), "--history", "5,6", "--k", "3");
    assertEquals(0, run.exitCode(), run::toString);
    List<String[]> rows = rankedRows(run.out());
    assertEquals(3, rows.size(), run::toString);
    assertEquals(4, run.out().strip().lines().count(), "a header and 3 rows: " + run);
    double previous = Double.POSITIVE_INFINITY;
    for (int i = 0; i < rows.size(); i++) {
      assertEquals(String.valueOf(i + 1), rows.get(i)[0], run::toString);
      String item = rows.get(i)[1];
      assertFalse(Set.of("5", "6").contains(item), () -> item + " is in the history: " + run);
      int id = Integer.parseInt(item);
      assertTrue(id >= 1 && id <= CYCLE, run::toString);
      double score = Double.parseDouble(rows.get(i)[2].replace(',', '.'));
      assertTrue(score <= previous, run::toString);
      previous = score;
    }
    assertFalse(run.err().contains("unknown"), run::toString);
  }

  @Test
  void recommendWithOnlyUnknownItemsFallsBackToPopularity() {
    CliRun run = recsys("recommend", "--model", model.toString(), "--history", "no-such-item", "--k", "2");
    assertEquals(0, run.exitCode(), run::toString);
    assertEquals(2, rankedRows(run.out()).size(), run::toString);
    assertTrue(run.err().contains("1 of 1 history items are unknown"), run::toString);
    assertTrue(run.err().contains("most popular"), run::toString);
  }

  @Test
  void trainWithAMissingDataFileFailsWithOneLine() {
    Path missing = dir.resolve("absent.txt");
    CliRun run = recsys("train", "--data", missing.toString(), "--out", dir.resolve("never.sasrec").toString(),
        "--epochs", "1", "--no-progress");
    assertEquals(1, run.exitCode(), run::toString);
    assertTrue(run.err().contains("no such file"), run::toString);
    assertTrue(run.err().contains(missing.toString()), run::toString);
    assertFalse(run.err().contains("\tat "), "stack trace for a user error: " + run);
    assertFalse(Files.exists(dir.resolve("never.sasrec")));
  }

  @Test
  void trainWithZeroEpochsIsRefused() {
    CliRun run = recsys("train", "--data", data.toString(), "--out", dir.resolve("zero.sasrec").toString(),
        "--epochs", "0", "--no-progress");
    assertNotEquals(0, run.exitCode(), run::toString);
    assertTrue(run.err().contains("epochs"), run::toString);
    assertFalse(run.err().contains("\tat "), "stack trace for a user error: " + run);
    assertFalse(Files.exists(dir.resolve("zero.sasrec")));
  }

  @Test
  void recommendWithACorruptedModelFailsNamingTheFile() throws IOException {
    byte[] bytes = Files.readAllBytes(model);
    bytes[bytes.length / 2] ^= 0x10;
    Path corrupted = dir.resolve("corrupted.sasrec");
    Files.write(corrupted, bytes);
    CliRun run = recsys("recommend", "--model", corrupted.toString(), "--history", "5,6", "--k", "3");
    assertEquals(1, run.exitCode(), run::toString);
    assertTrue(run.err().contains(corrupted.toString()), run::toString);
    assertFalse(run.err().contains("\tat "), "stack trace for a user error: " + run);
    assertEquals(List.of(), rankedRows(run.out()), run::toString);
  }

  @Test
  void evaluateWithAnUnknownStageNamesTheOption() {
    CliRun run = recsys("evaluate", "--model", model.toString(), "--data", data.toString(), "--stage", "bogus");
    assertEquals(1, run.exitCode(), run::toString);
    assertTrue(run.err().contains("--stage"), run::toString);
    assertTrue(run.err().contains("bogus"), run::toString);
    assertEquals("", run.out(), run::toString);
  }

  @Test
  void benchInferenceHelpExitsZero() {
    CliRun run = recsys("bench", "inference", "--help");
    assertEquals(0, run.exitCode(), run::toString);
    assertTrue(run.out().contains("Usage: recsys bench inference"), run::toString);
    assertTrue(run.out().contains("--batch-sizes"), run::toString);
  }
}
