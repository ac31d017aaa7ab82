package dev.recsys.model.data;

import dev.recsys.events.dataset.DatasetFormat;
import dev.recsys.events.dataset.MalformedDataException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MalformedLinesTest {
  /** Line 1 is good (or the CSV header), line 2 blank (or good), so the bad line is line 3. */
  private static final int BAD_LINE = 3;

  @TempDir Path dir;

  static Stream<Arguments> badLines() {
    return Stream.of(
        Arguments.of("sasrec", "one field", "1", "expected 2 fields (user item) separated by spaces or tabs, found 1"),
        Arguments.of("sasrec", "three fields", "1 2 3", "expected 2 fields (user item) separated by spaces or tabs, found 3"),
        Arguments.of("movielens", "three fields", "1::1193::5", "expected 4 fields separated by '::', found 3"),
        Arguments.of("movielens", "five fields", "1::1193::5::9::9", "expected 4 fields separated by '::', found 5"),
        Arguments.of("movielens", "empty user", "::1193::5::9", "empty user id"),
        Arguments.of("movielens", "empty item", "1:: ::5::9", "empty item id"),
        Arguments.of("movielens", "text rating", "1::1193::five::9", "rating is not a number: 'five'"),
        Arguments.of("movielens", "NaN rating", "1::1193::NaN::9", "rating is not a finite number: 'NaN'"),
        Arguments.of("movielens", "text timestamp", "1::1193::5::noon", "timestamp is not a whole number: 'noon'"),
        Arguments.of("movielens", "empty timestamp", "1::1193::5::", "timestamp is not a whole number: ''"),
        Arguments.of("movielens", "negative timestamp", "1::1193::5::-3", "timestamp is negative: -3"),
        Arguments.of("csv", "too few fields", "u,i", "expected 3 fields separated by ',' as in the header, found 2"),
        Arguments.of("csv", "too many fields", "u,i,1,x", "expected 3 fields separated by ',' as in the header, found 4"),
        Arguments.of("csv", "empty user", "\"\",i,1", "empty user id"),
        Arguments.of("csv", "empty item", "u,,1", "empty item id"),
        Arguments.of("csv", "decimal timestamp", "u,i,1.5", "timestamp is not a whole number: '1.5'"),
        Arguments.of("csv", "negative timestamp", "u,i,-1", "timestamp is negative: -1"),
        Arguments.of("csv", "unterminated quote", "u,\"i,1", "unterminated quote starting at column 3"),
        Arguments.of("csv", "text after quote", "u,\"i\"x,1", "unexpected text after closing quote at column 6"));
  }

  private Path fileWithBadLine(String formatName, String badLine) throws IOException {
    return switch (DatasetFormat.fromName(formatName)) {
      case SASREC_TXT -> TestFiles.write(dir, "data.txt", "1 1\n\n" + badLine + "\n2 2\n");
      case MOVIELENS_RATINGS ->
          TestFiles.write(dir, "ratings.dat", "1::1::5::1\n\n" + badLine + "\n2::2::5::1\n");
      case CSV -> TestFiles.write(dir, "data.csv", "user,item,timestamp\nu,i,1\n" + badLine + "\nv,j,1\n");
    };
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("badLines")
  void namesFileLineReasonAndText(String formatName, String what, String badLine, String reason)
      throws IOException {
    Path file = fileWithBadLine(formatName, badLine);
    DatasetFormat format = DatasetFormat.fromName(formatName);

    MalformedDataException e =
        assertThrows(MalformedDataException.class, () -> DatasetReader.read(file, format, false));

    assertEquals(
        file + ":" + BAD_LINE + ": " + reason + ": \"" + badLine + "\"",
        e.getMessage());
    assertEquals(BAD_LINE, e.lineNumber());
    assertEquals(reason, e.reason());
    assertEquals(file.toString(), e.file());
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("badLines")
  void skipsAndCountsWhenAsked(String formatName, String what, String badLine, String reason)
      throws IOException {
    Path file = fileWithBadLine(formatName, badLine);

    SequenceDataset dataset =
        DatasetReader.read(file, DatasetFormat.fromName(formatName), true);

    assertEquals(1, dataset.source().skippedLines());
    assertEquals(2, dataset.numUsers());
    assertEquals(2, dataset.numActions());
    // The skipped line must not leave its item behind in the vocabulary.
    assertEquals(2, dataset.numItems());
  }

  @Test
  void countsEverySkippedLine() throws IOException {
    Path file =
        TestFiles.write(
            dir, "ratings.dat", "x\n1::1::5::1\ny\n\n1::2::5::2\n1::3\n1::3::5::-1\n1::4::5::4\n");

    SequenceDataset dataset = DatasetReader.read(file, DatasetFormat.MOVIELENS_RATINGS, true);

    assertEquals(4, dataset.source().skippedLines());
    assertEquals(List.of("1", "2", "4"), dataset.items().ids());
  }

  @Test
  void reportsTheFirstBadLineWhenNotSkipping() throws IOException {
    Path file = TestFiles.write(dir, "ratings.dat", "1::1::5::1\n\n\n1::2::5\n1::3\n");

    MalformedDataException e =
        assertThrows(
            MalformedDataException.class,
            () -> DatasetReader.read(file, DatasetFormat.MOVIELENS_RATINGS, false));
    assertEquals(4, e.lineNumber());
  }

  @Test
  void countsLinesEndedByCrLf() throws IOException {
    Path file = TestFiles.write(dir, "data.txt", "1 1\r\n1 2\r\n1\r\n");

    MalformedDataException e =
        assertThrows(
            MalformedDataException.class,
            () -> DatasetReader.read(file, DatasetFormat.SASREC_TXT, false));
    assertEquals(file + ":3: expected 2 fields (user item) separated by spaces or tabs, found 1: \"1\"",
        e.getMessage());
  }

  @Test
  void truncatesLongLinesInTheMessage() throws IOException {
    String longLine = "1::" + "9".repeat(200);
    Path file = TestFiles.write(dir, "ratings.dat", longLine + "\n");

    MalformedDataException e =
        assertThrows(
            MalformedDataException.class,
            () -> DatasetReader.read(file, DatasetFormat.MOVIELENS_RATINGS, false));
    assertEquals(
        file + ":1: expected 4 fields separated by '::', found 2: \""
            + longLine.substring(0, 80) + "...\"",
        e.getMessage());
  }
}
