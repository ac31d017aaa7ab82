package dev.recsys.events.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MovieLensReadingTest {
  @TempDir Path dir;

  @Test
  void readsTheRatingAsValueAndKeepsTimestampsInSeconds() throws IOException {
    Path file = TestFiles.write(dir, "ratings.dat", "1::1193::5::978300760\n");

    Interaction interaction =
        CollectedRead.of(file, DatasetFormat.MOVIELENS_RATINGS, false).interactions().get(0);

    assertEquals(new Interaction("1", "1193", 978_300_760L, 5.0), interaction);
    assertTrue(interaction.hasValue());
  }

  @Test
  void acceptsDecimalRatingsAndZeroTimestamp() throws IOException {
    Path file = TestFiles.write(dir, "ratings.dat", "1::1::3.5::0\n");

    assertEquals(
        List.of(new Interaction("1", "1", 0, 3.5)),
        CollectedRead.of(file, DatasetFormat.MOVIELENS_RATINGS, false).interactions());
  }

  @Test
  void decodesIso88591() throws IOException {
    Path file =
        TestFiles.write(dir, "ratings.dat", "Zoë::Amélie::5::1\n", StandardCharsets.ISO_8859_1);

    Interaction interaction =
        CollectedRead.of(file, DatasetFormat.MOVIELENS_RATINGS, false).interactions().get(0);

    assertEquals("Zoë", interaction.userId());
    assertEquals("Amélie", interaction.itemId());
  }

  @Test
  void readsGzippedRatingsByName() throws Exception {
    Path file = TestFiles.writeGzip(dir, "ratings.dat.gz", "1::9::5::2\n1::8::4::1\n");

    CollectedRead read = CollectedRead.of(file, false);

    assertEquals(
        List.of(new Interaction("1", "9", 2, 5.0), new Interaction("1", "8", 1, 4.0)),
        read.interactions());
    assertEquals("movielens", read.summary().format());
    assertEquals(TestFiles.sha256Of(file), read.summary().sha256());
  }
}
