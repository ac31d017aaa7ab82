package dev.recsys.events.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SasRecReadingTest {
  @TempDir Path dir;

  @Test
  void hasNoTimestampsOrValues() throws IOException {
    Path file = TestFiles.write(dir, "a.txt", "u2 30\nu1 10\n");

    CollectedRead read = CollectedRead.of(file, DatasetFormat.SASREC_TXT, false);

    assertEquals(
        List.of(
            new Interaction("u2", "30", 0, Double.NaN), new Interaction("u1", "10", 0, Double.NaN)),
        read.interactions());
    assertFalse(read.interactions().get(0).hasValue());
  }

  @Test
  void acceptsRunsOfSpacesAndTabsAndSkipsBlankLines() throws IOException {
    Path file = TestFiles.write(dir, "a.txt", "a\tx\n\n  a   y \r\n \t \nb \t z\n\n");

    CollectedRead read = CollectedRead.of(file, DatasetFormat.SASREC_TXT, false);

    assertEquals(
        List.of("a", "a", "b"), read.interactions().stream().map(Interaction::userId).toList());
    assertEquals(List.of("x", "y", "z"), read.itemIds());
    assertEquals(0, read.summary().skippedLines());
  }
}
