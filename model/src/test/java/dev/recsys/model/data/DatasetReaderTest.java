package dev.recsys.model.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.recsys.events.dataset.DatasetFormat;
import dev.recsys.events.dataset.InteractionReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How interactions become sequences; parsing itself is tested in the events module. */
class DatasetReaderTest {
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
  void keepsFileOrderOnEqualCsvTimestamps() throws IOException {
    Path file =
        TestFiles.write(dir, "events.csv", "user,item,timestamp\nu,c,7\nu,a,7\nu,z,3\nu,b,7\n");

    SequenceDataset dataset = DatasetReader.read(file, DatasetFormat.CSV, false);

    assertEquals("z c a b", TestFiles.itemIds(dataset, dataset.users().get(0)));
  }

  @Test
  void aSkippedLineLeavesNoItemBehind() throws IOException {
    Path file = TestFiles.write(dir, "ratings.dat", "1::a::5::1\n1::b::five::2\n2::c::5::1\n");

    SequenceDataset dataset = DatasetReader.read(file, DatasetFormat.MOVIELENS_RATINGS, true);

    assertEquals(1, dataset.source().skippedLines());
    assertEquals(List.of("a", "c"), dataset.items().ids());
  }

  @Test
  void recordsTheReadersSummaryAsItsSource() throws IOException {
    Path file = TestFiles.write(dir, "ratings.dat", "1::a::5::1\nbroken\n");

    SequenceDataset.DataSource source =
        DatasetReader.read(file, DatasetFormat.MOVIELENS_RATINGS, true).source();
    InteractionReader.ReadSummary summary =
        InteractionReader.read(file, DatasetFormat.MOVIELENS_RATINGS, true, interaction -> {});

    assertEquals(
        new SequenceDataset.DataSource(
            file.toString(), summary.sha256(), "movielens", summary.skippedLines()),
        source);
    assertEquals(1, source.skippedLines());
  }

  @Test
  void detectsFormatFromNameWhenNotGiven() throws IOException {
    Path file = TestFiles.write(dir, "a.txt", "1 1\n");

    assertEquals("sasrec", DatasetReader.read(file, false).source().format());
  }
}
