package dev.recsys.events.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InteractionReaderTest {
  @TempDir Path dir;

  @Test
  void handsOverInteractionsInFileOrderNeitherGroupedNorSorted() throws IOException {
    Path file =
        TestFiles.write(
            dir, "ratings.dat", "2::a::5::300\n1::b::4::100\n\n2::c::3::200\n1::d::2::50\n");

    CollectedRead read = CollectedRead.of(file, DatasetFormat.MOVIELENS_RATINGS, false);

    assertEquals(
        List.of(
            new Interaction("2", "a", 300, 5),
            new Interaction("1", "b", 100, 4),
            new Interaction("2", "c", 200, 3),
            new Interaction("1", "d", 50, 2)),
        read.interactions());
  }

  @Test
  void summaryCountsHandedOverAndSkippedLines() throws IOException {
    Path file =
        TestFiles.write(dir, "a.txt", "u a\nbroken\nu b\n\nv c\nalso broken here\nv d\n1\n");

    CollectedRead read = CollectedRead.of(file, DatasetFormat.SASREC_TXT, true);

    assertEquals(
        new InteractionReader.ReadSummary(file.toString(), read.summary().sha256(), "sasrec", 4, 3),
        read.summary());
    assertEquals(4, read.interactions().size());
  }

  @Test
  void handsEachInteractionOverBeforeReadingTheNextLine() throws IOException {
    // A bad last line fails the read only after the good lines reached the consumer: the reader
    // streams rather than parsing the whole file first.
    Path file = TestFiles.write(dir, "a.txt", "u a\nu b\nbroken\n");
    List<Interaction> received = new ArrayList<>();

    MalformedDataException e =
        assertThrows(
            MalformedDataException.class,
            () -> InteractionReader.read(file, DatasetFormat.SASREC_TXT, false, received::add));

    assertEquals(3, e.lineNumber());
    assertEquals(List.of("a", "b"), received.stream().map(Interaction::itemId).toList());
  }

  @Test
  void recordsWhereTheDataCameFrom() throws Exception {
    Path file = TestFiles.write(dir, "a.txt", "1 1\n");

    InteractionReader.ReadSummary summary =
        CollectedRead.of(file, DatasetFormat.SASREC_TXT, false).summary();

    String sha256 = TestFiles.sha256Of(file);
    assertEquals(
        new InteractionReader.ReadSummary(file.toString(), sha256, "sasrec", 1, 0), summary);
  }

  @Test
  void detectsFormatFromNameWhenNotGiven() throws IOException {
    Path file = TestFiles.write(dir, "a.csv", "user,item,timestamp\nu,i,1\n");
    List<Interaction> received = new ArrayList<>();

    InteractionReader.ReadSummary summary = InteractionReader.read(file, false, received::add);

    assertEquals("csv", summary.format());
    assertEquals(List.of(new Interaction("u", "i", 1, Double.NaN)), received);
  }

  @Test
  void readsGzipTransparentlyAndHashesTheCompressedBytes() throws Exception {
    String content = "1 1\n1 2\n2 2\n2 3\n";
    Path plain = TestFiles.write(dir, "plain.txt", content);
    Path gzipped = TestFiles.writeGzip(dir, "packed.txt.gz", content);

    CollectedRead fromPlain = CollectedRead.of(plain, DatasetFormat.SASREC_TXT, false);
    CollectedRead fromGzip = CollectedRead.of(gzipped, DatasetFormat.SASREC_TXT, false);

    assertEquals(fromPlain.interactions(), fromGzip.interactions());
    assertEquals(TestFiles.sha256Of(plain), fromPlain.summary().sha256());
    assertEquals(TestFiles.sha256Of(gzipped), fromGzip.summary().sha256());
  }

  @Test
  void hashesAllStoredBytesEvenPastTheEndOfTheGzipStream() throws Exception {
    Path file = TestFiles.writeGzip(dir, "padded.txt.gz", "1 1\n");
    // Some tools pad archives with zero bytes; the checksum is of the file, not of the stream.
    // More padding than the decompressor buffers, so it is left unread unless drained.
    Files.write(file, new byte[300_000], StandardOpenOption.APPEND);

    CollectedRead read = CollectedRead.of(file, DatasetFormat.SASREC_TXT, false);

    assertEquals(TestFiles.sha256Of(file), read.summary().sha256());
    assertEquals(1, read.summary().interactions());
  }

  @Test
  void missingFileNamesThePath() {
    Path missing = dir.resolve("nope.txt");

    NoSuchFileException e =
        assertThrows(
            NoSuchFileException.class,
            () -> CollectedRead.of(missing, DatasetFormat.SASREC_TXT, false));
    assertEquals(missing.toString(), e.getFile());
  }

  @Test
  void corruptGzipIsAnIoErrorNamingTheFile() throws IOException {
    Path file = TestFiles.write(dir, "bad.txt.gz", "1 1\n");

    IOException e =
        assertThrows(
            IOException.class, () -> CollectedRead.of(file, DatasetFormat.SASREC_TXT, false));
    assertTrue(
        e.getMessage().startsWith(file + ": not a valid or complete gzip file"), e.getMessage());
  }
}
