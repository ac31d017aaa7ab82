package dev.recsys.model.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.recsys.events.dataset.DatasetFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The first 300 users of SASRec's MovieLens-1M file, from the shared data folder if present. */
class Ml1mSampleTest {
  // Surefire runs in the module directory; the shared folder sits next to the worktrees.
  private static final List<Path> CANDIDATES =
      List.of(Path.of("../../shared/data/ml-1m-sample.txt"), Path.of("../shared/data/ml-1m-sample.txt"));

  /** From shared/data/SHA256SUMS, which was computed when the file was made. */
  private static final String PUBLISHED_SHA256 =
      "15cefa012c589fbde257306d039f5f02480286268f384ab1810ef5b87e262aec";

  @Test
  void readsTheSampleWithSasRecNumbering() throws IOException {
    Path file = CANDIDATES.stream().filter(Files::isRegularFile).findFirst().orElse(null);
    Assumptions.assumeTrue(file != null, "ml-1m-sample.txt not found in " + CANDIDATES);

    SequenceDataset dataset = DatasetReader.read(file, DatasetFormat.SASREC_TXT, false);

    assertEquals(300, dataset.numUsers());
    assertEquals(3012, dataset.numItems());
    assertEquals(47_164, dataset.numActions());
    UserSequence first = dataset.users().get(0);
    assertEquals("1", first.userId());
    assertArrayEquals(new int[] {1, 2, 3}, Arrays.copyOf(first.items(), 3));
    assertEquals("1", dataset.items().idOf(1));
    assertEquals(PUBLISHED_SHA256, dataset.source().sha256());
  }
}
