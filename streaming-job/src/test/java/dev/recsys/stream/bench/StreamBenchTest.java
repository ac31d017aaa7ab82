package dev.recsys.stream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recsys.model.sasrec.SasrecConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class StreamBenchTest {
  @Test
  void flopCountMatchesTheForwardPassCountedByHand() {
    // d=2, one block: only the last-position block and the scoring. L=3, 4 items (+ padding).
    SasrecConfig oneBlock = new SasrecConfig(5, 2, 1, 1, 0, 0, true);
    double kv = 2 * (2 * 3 * 2 * 2);            // K and V: [3x2]x[2x2] each
    double q = 2 * 2 * 2;                       // the last position's query
    double attention = 2 * 3 * 2 + 2 * 3 * 2;   // q.K^T and scores.V for one query
    double ffn = 2 * (2 * 2 * 2);               // two [1x2]x[2x2]
    double scoring = 2 * 2 * 5;                 // [1x2]x[2x5]
    assertEquals(kv + q + attention + ffn + scoring, ComputeBound.flopPerEvent(oneBlock, 4, 3));

    // A second block adds one all-position block: 5 dense [3x2]x[2x2] and two [3x2]x[2x3]-sized products.
    SasrecConfig twoBlocks = new SasrecConfig(5, 2, 2, 1, 0, 0, true);
    double allPositions = 5 * (2 * 3 * 2 * 2) + 2 * (2 * 3 * 3 * 2);
    assertEquals(ComputeBound.flopPerEvent(oneBlock, 4, 3) + allPositions, ComputeBound.flopPerEvent(twoBlocks, 4, 3));
    assertEquals(ComputeBound.flopPerEvent(twoBlocks, 4, 5), ComputeBound.flopPerEvent(twoBlocks, 4, 50),
        "histories longer than maxLen are truncated");
  }

  @Test
  void scoredLengthsCountTheUsersEventsSoFarCappedAtMaxLen() {
    List<String[]> replay = List.of(new String[] {"u1", "a"}, new String[] {"u1", "b"}, new String[] {"u2", "a"},
        new String[] {"u1", "c"});
    assertEquals(List.of(1, 2, 1, 2), java.util.Arrays.stream(BenchData.scoredLengths(replay, 2)).boxed().toList());
  }

  @Test
  void percentilesAreMeasuredValues() {
    double[] values = {5, 1, 4, 2, 3};
    assertEquals(3, Stats.median(values));
    assertEquals(5, Stats.percentile(values, 99));
    assertEquals(1, Stats.percentile(values, 1));
  }

  @Test
  void badArgumentsPrintUsageAndExitTwo() {
    StringWriter err = new StringWriter();
    CommandLine commandLine = StreamBench.commandLine();
    commandLine.setErr(new PrintWriter(err));
    assertEquals(2, commandLine.execute("--runs", "0"));
    assertTrue(err.toString().contains("Usage: recsys bench stream"), err.toString());
    assertEquals(2, StreamBench.commandLine().setErr(new PrintWriter(new StringWriter())).execute("--phases", "nope"));
  }

  @Test
  void aMissingDatasetFailsWithTheDownloadHint() {
    StringWriter err = new StringWriter();
    CommandLine commandLine = StreamBench.commandLine();
    commandLine.setErr(new PrintWriter(err));
    assertEquals(1, commandLine.execute("--data", "/nonexistent/ml-1m.txt.gz", "--phases", "state"));
    assertTrue(err.toString().startsWith("recsys bench stream: /nonexistent/ml-1m.txt.gz: dataset not found"),
        err.toString());
  }
}
