package dev.recsys.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchRunsTest {
  @Test
  void medianOfAnOddCountIsTheMiddleAndOfAnEvenCountTheMeanOfTheTwoMiddles() {
    assertEquals(3.0, BenchRuns.median(new double[] {9, 1, 3}));
    assertEquals(2.5, BenchRuns.median(new double[] {4, 1, 2, 3}));
    assertEquals(5.0, BenchRuns.median(List.of("aaaaa", "a", "aaaaaaaaa"), s -> s.length()));
    assertTrue(Double.isNaN(BenchRuns.median(new double[0])));
  }

  @Test
  void deleteTreeRemovesNestedScratchFiles(@TempDir Path tmp) throws Exception {
    Path scratch = Files.createDirectories(tmp.resolve("run/a/b"));
    Files.writeString(scratch.resolve("f"), "x");
    BenchRuns.deleteTree(tmp.resolve("run"));
    assertFalse(Files.exists(tmp.resolve("run")));
    BenchRuns.deleteTree(tmp.resolve("run")); // already gone: nothing to do
  }
}
