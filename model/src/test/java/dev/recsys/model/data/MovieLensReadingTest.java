package dev.recsys.model.data;

import dev.recsys.events.dataset.DatasetFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MovieLensReadingTest {
  @TempDir Path dir;

  @Test
  void sortsEachUserByTimestampKeepingFileOrderOnTies() throws IOException {
    Path file =
        TestFiles.write(
            dir,
            "ratings.dat",
            String.join(
                "\n",
                "1::500::5::300",
                "2::600::3::50",
                "1::100::4::100",
                "1::200::3::200",
                "1::201::3::200",
                "1::202::1::200",
                "2::700::3::10",
                "1::050::2::100",
                ""));

    SequenceDataset dataset = DatasetReader.read(file, DatasetFormat.MOVIELENS_RATINGS, false);

    assertEquals(List.of("1", "2"), dataset.users().stream().map(UserSequence::userId).toList());
    assertEquals("100 050 200 201 202 500", TestFiles.itemIds(dataset, dataset.users().get(0)));
    assertEquals("700 600", TestFiles.itemIds(dataset, dataset.users().get(1)));
    assertEquals("movielens", dataset.source().format());
  }

  @Test
  void sortsStablyAcrossTimestampRangesTooWideToPack() throws IOException {
    long latest = Long.MAX_VALUE;
    Path file =
        TestFiles.write(
            dir,
            "ratings.dat",
            "1::a::5::" + latest + "\n1::b::5::0\n1::c::5::" + latest + "\n1::d::5::0\n");

    SequenceDataset dataset = DatasetReader.read(file, DatasetFormat.MOVIELENS_RATINGS, false);

    assertEquals("b d a c", TestFiles.itemIds(dataset, dataset.users().get(0)));
  }

  @Test
  void numbersItemsByFileOrderNotTimeOrder() throws IOException {
    Path file = TestFiles.write(dir, "ratings.dat", "1::b::5::2\n1::a::5::1\n");

    SequenceDataset dataset = DatasetReader.read(file, DatasetFormat.MOVIELENS_RATINGS, false);

    assertEquals(List.of("b", "a"), dataset.items().ids());
    assertEquals("a b", TestFiles.itemIds(dataset, dataset.users().get(0)));
  }

  @Test
  void acceptsDecimalRatingsAndZeroTimestamp() throws IOException {
    Path file = TestFiles.write(dir, "ratings.dat", "1::1::3.5::0\n");

    assertEquals(1, DatasetReader.read(file, DatasetFormat.MOVIELENS_RATINGS, false).numActions());
  }

  @Test
  void decodesIso88591() throws IOException {
    Path file =
        TestFiles.write(dir, "ratings.dat", "Zoë::Amélie::5::1\n", StandardCharsets.ISO_8859_1);

    SequenceDataset dataset = DatasetReader.read(file, DatasetFormat.MOVIELENS_RATINGS, false);

    assertEquals("Zoë", dataset.users().get(0).userId());
    assertEquals(List.of("Amélie"), dataset.items().ids());
  }

  @Test
  void readsGzippedRatings() throws Exception {
    Path file = TestFiles.writeGzip(dir, "ratings.dat.gz", "1::9::5::2\n1::8::5::1\n");

    SequenceDataset dataset = DatasetReader.read(file, false);

    assertEquals("8 9", TestFiles.itemIds(dataset, dataset.users().get(0)));
    assertEquals(TestFiles.sha256Of(file), dataset.source().sha256());
  }
}
