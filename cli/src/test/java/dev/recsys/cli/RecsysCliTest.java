package dev.recsys.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recsys.model.train.EpochRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level command's contract: help, version, exit codes, error messages. Independent of subcommand options. */
class RecsysCliTest {
  private static final class Run {
    final int exitCode;
    final String out;
    final String err;

    Run(CommandLine commandLine, String... args) {
      StringWriter outText = new StringWriter();
      StringWriter errText = new StringWriter();
      commandLine.setOut(new PrintWriter(outText, true));
      commandLine.setErr(new PrintWriter(errText, true));
      exitCode = commandLine.execute(args);
      out = outText.toString();
      err = errText.toString();
    }
  }

  private static Run recsys(String... args) {
    return new Run(RecsysCli.commandLine(), args);
  }

  @Test
  void helpListsTheSubcommandsAndExitsZero() {
    Run run = recsys("--help");
    assertEquals(0, run.exitCode, run.err);
    assertTrue(run.out.contains("Usage: recsys"), run.out);
    for (String name : new String[] {"train", "evaluate", "recommend", "bench", "kafka", "help"}) {
      assertTrue(run.out.matches("(?s).*\\n\\s+" + name + "\\b.*"), name + " missing from:\n" + run.out);
    }
  }

  @Test
  void unknownOptionPrintsTheErrorAndUsageAndExitsTwo() {
    Run run = recsys("--bogus");
    assertEquals(2, run.exitCode);
    assertTrue(run.err.contains("Unknown option: '--bogus'"), run.err);
    assertTrue(run.err.contains("Usage: recsys"), run.err);
    assertEquals("", run.out);
  }

  @Test
  void noSubcommandPrintsUsageAndExitsTwo() {
    Run run = recsys();
    assertEquals(2, run.exitCode);
    assertTrue(run.err.contains("Missing required subcommand"), run.err);
    assertTrue(run.err.contains("Usage: recsys"), run.err);
  }

  @Test
  void versionNamesTheProjectAndNd4jVersions() {
    Run run = recsys("--version");
    assertEquals(0, run.exitCode, run.err);
    assertTrue(run.out.matches("(?s)recsys \\d+\\.\\d+\\.\\d+\\S*\\R.*"), run.out);
    assertFalse(run.out.contains("${"), "version file not filtered: " + run.out);
    assertTrue(run.out.contains("ND4J 1.0.0-M2.1"), run.out);
  }

  @Command(name = "fails")
  static final class Fails implements Callable<Integer> {
    final Exception toThrow;

    Fails(Exception toThrow) {
      this.toThrow = toThrow;
    }

    @Override
    public Integer call() throws Exception {
      throw toThrow;
    }
  }

  private static Run failingWith(Exception e) {
    return new Run(new CommandLine(new Fails(e)).setExecutionExceptionHandler(new RecsysCli.ErrorHandler()));
  }

  @Test
  void missingFileIsOneLineWithoutStackTrace() {
    Run run = failingWith(new NoSuchFileException("data/ml-1m.txt"));
    assertEquals(1, run.exitCode);
    assertEquals("recsys: no such file: data/ml-1m.txt" + System.lineSeparator(), run.err);
  }

  @Test
  void userErrorNamesItsCause() {
    Run run = failingWith(new IllegalArgumentException("cannot read the model",
        new IOException("not a SASRec artifact")));
    assertEquals(1, run.exitCode);
    assertEquals("recsys: cannot read the model: not a SASRec artifact" + System.lineSeparator(), run.err);
  }

  @Test
  void unexpectedErrorShowsItsStackTrace() {
    Run run = failingWith(new IllegalStateException("bug"));
    assertEquals(1, run.exitCode);
    assertTrue(run.err.startsWith("java.lang.IllegalStateException: bug"), run.err);
    assertTrue(run.err.contains("\tat "), run.err);
  }

  @Test
  void epochSummaryWithAndWithoutValidation() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TrainingProgress progress = new TrainingProgress(128, 200, false,
        new PrintStream(bytes, true, StandardCharsets.UTF_8))) {
      progress.epochStarted(1, 2);
      progress.batchDone(1, 1, 2, 0.5);
      progress.batchDone(1, 2, 2, 0.4);
      progress.epochDone(new EpochRecord(1, 0.45, 2.04, 125.5, Map.of()), false);
      progress.epochDone(new EpochRecord(3, 0.41234, 12.34, 1234.4,
          Map.of("HR@10", 0.81234, "NDCG@10", 0.51234, "MRR", 0.3)), true);
    }
    String nl = System.lineSeparator();
    assertEquals("epoch 1: loss 0.4500, 2.0 s, 126 seq/s" + nl
        + "epoch 3: loss 0.4123, 12.3 s, 1234 seq/s, validation NDCG@10 0.5123 HR@10 0.8123 (best)" + nl,
        bytes.toString(StandardCharsets.UTF_8));
  }

  @Test
  void progressBarGoesToTheGivenStream() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TrainingProgress progress = new TrainingProgress(4, 10, true,
        new PrintStream(bytes, true, StandardCharsets.UTF_8))) {
      progress.epochStarted(2, 3);
      for (int b = 1; b <= 3; b++) {
        progress.batchDone(2, b, 3, 1.0);
      }
      progress.epochDone(new EpochRecord(2, 1.0, 0.5, 24, Map.of()), false);
    }
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("epoch 2/10"), text);
    assertTrue(text.contains("loss 1.0000"), text);
    assertTrue(text.contains("epoch 2: loss 1.0000, 0.5 s, 24 seq/s"), text);
  }
}
