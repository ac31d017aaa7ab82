package dev.recsys.model.data;

import dev.recsys.events.dataset.DatasetFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SasRecReadingTest {
  @TempDir Path dir;

  @Test
  void keepsFileOrderPerUserAndUsersInFirstAppearanceOrder() throws IOException {
    // Users' lines interleave; each user's own lines are its time order.
    Path file = TestFiles.write(dir, "a.txt", "u2 30\nu1 10\nu2 20\nu1 30\nu2 10\n");

    SequenceDataset dataset = DatasetReader.read(file, DatasetFormat.SASREC_TXT, false);

    assertEquals(List.of("u2", "u1"), dataset.users().stream().map(UserSequence::userId).toList());
    assertEquals("30 20 10", TestFiles.itemIds(dataset, dataset.users().get(0)));
    assertEquals("10 30", TestFiles.itemIds(dataset, dataset.users().get(1)));
    assertEquals(5, dataset.numActions());
  }

  @Test
  void numbersItemsInFirstAppearanceOrder() throws IOException {
    Path file = TestFiles.write(dir, "a.txt", "1 7\n1 3\n2 3\n2 1\n2 7\n");

    SequenceDataset dataset = DatasetReader.read(file, DatasetFormat.SASREC_TXT, false);

    assertEquals(List.of("7", "3", "1"), dataset.items().ids());
    assertArrayEquals(new int[] {1, 2}, dataset.users().get(0).items());
    assertArrayEquals(new int[] {2, 3, 1}, dataset.users().get(1).items());
  }

  @Test
  void acceptsRunsOfSpacesAndTabsAndSkipsBlankLines() throws IOException {
    Path file = TestFiles.write(dir, "a.txt", "a\tx\n\n  a   y \r\n \t \nb \t z\n\n");

    SequenceDataset dataset = DatasetReader.read(file, DatasetFormat.SASREC_TXT, false);

    assertEquals(2, dataset.numUsers());
    assertEquals("x y", TestFiles.itemIds(dataset, dataset.users().get(0)));
    assertEquals("z", TestFiles.itemIds(dataset, dataset.users().get(1)));
    assertEquals(0, dataset.source().skippedLines());
  }

  @Test
  void readsGzipTransparentlyAndHashesTheCompressedBytes() throws Exception {
    String content = "1 1\n1 2\n2 2\n2 3\n";
    Path plain = TestFiles.write(dir, "plain.txt", content);
    Path gzipped = TestFiles.writeGzip(dir, "packed.txt.gz", content);

    SequenceDataset fromPlain = DatasetReader.read(plain, DatasetFormat.SASREC_TXT, false);
    SequenceDataset fromGzip = DatasetReader.read(gzipped, DatasetFormat.SASREC_TXT, false);

    assertEquals(fromPlain.items(), fromGzip.items());
    assertEquals(fromPlain.numUsers(), fromGzip.numUsers());
    for (int u = 0; u < fromPlain.numUsers(); u++) {
      assertEquals(fromPlain.users().get(u).userId(), fromGzip.users().get(u).userId());
      assertArrayEquals(fromPlain.users().get(u).items(), fromGzip.users().get(u).items());
    }
    assertEquals(TestFiles.sha256Of(plain), fromPlain.source().sha256());
    assertEquals(TestFiles.sha256Of(gzipped), fromGzip.source().sha256());
  }

  @Test
  void recordsWhereTheDataCameFrom() throws Exception {
    Path file = TestFiles.write(dir, "a.txt", "1 1\n");

    SequenceDataset.DataSource source =
        DatasetReader.read(file, DatasetFormat.SASREC_TXT, false).source();

    assertEquals(file.toString(), source.location());
    assertEquals("sasrec", source.format());
    assertEquals(TestFiles.sha256Of(file), source.sha256());
    assertEquals(0, source.skippedLines());
  }

  @Test
  void detectsFormatFromNameWhenNotGiven() throws IOException {
    Path file = TestFiles.write(dir, "a.txt", "1 1\n");

    assertEquals("sasrec", DatasetReader.read(file, false).source().format());
  }

  @Test
  void hashesAllStoredBytesEvenPastTheEndOfTheGzipStream() throws Exception {
    Path file = TestFiles.writeGzip(dir, "padded.txt.gz", "1 1\n");
    // Some tools pad archives with zero bytes; the checksum is of the file, not of the stream.
    // More padding than the decompressor buffers, so it is left unread unless drained.
    Files.write(file, new byte[300_000], StandardOpenOption.APPEND);

    SequenceDataset dataset = DatasetReader.read(file, DatasetFormat.SASREC_TXT, false);

    assertEquals(TestFiles.sha256Of(file), dataset.source().sha256());
    assertEquals(1, dataset.numActions());
  }

  @Test
  void missingFileNamesThePath() {
    Path missing = dir.resolve("nope.txt");

    NoSuchFileException e =
        assertThrows(
            NoSuchFileException.class,
            () -> DatasetReader.read(missing, DatasetFormat.SASREC_TXT, false));
    assertEquals(missing.toString(), e.getFile());
  }

  @Test
  void corruptGzipIsAnIoErrorNamingTheFile() throws IOException {
    Path file = TestFiles.write(dir, "bad.txt.gz", "1 1\n");

    IOException e =
        assertThrows(
            IOException.class, () -> DatasetReader.read(file, DatasetFormat.SASREC_TXT, false));
    assertTrue(
        e.getMessage().startsWith(file + ": not a valid or complete gzip file"), e.getMessage());
  }
}
