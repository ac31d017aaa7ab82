package dev.recsys.events.dataset;

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
        Arguments.of("csv", "text after quote", "u,\"i\"x,1", "unexpected text after closing quote at column 6"),
        Arguments.of("movielens", "infinite rating", "1::1193::Infinity::9", "rating is not a finite number: 'Infinity'"),
        Arguments.of("scored csv", "text score", "u,i,1,high", "Score is not a number: 'high'"),
        Arguments.of("scored csv", "empty score", "u,i,1,", "Score is not a number: ''"),
        Arguments.of("scored csv", "NaN score", "u,i,1,NaN", "Score is not a finite number: 'NaN'"),
        Arguments.of("scored csv", "infinite score", "u,i,1,-Infinity", "Score is not a finite number: '-Infinity'"),
        Arguments.of("scored csv", "overflowing score", "u,i,1,1e999", "Score is not a finite number: '1e999'"));
  }

  /** A file of the given kind whose format {@link DatasetFormat#detect} finds from its name. */
  private Path fileWithBadLine(String kind, String badLine) throws IOException {
    return switch (kind) {
      case "sasrec" -> TestFiles.write(dir, "data.txt", "1 1\n\n" + badLine + "\n2 2\n");
      case "movielens" ->
          TestFiles.write(dir, "ratings.dat", "1::1::5::1\n\n" + badLine + "\n2::2::5::1\n");
      case "csv" -> TestFiles.write(dir, "data.csv", "user,item,timestamp\nu,i,1\n" + badLine + "\nv,j,1\n");
      case "scored csv" ->
          TestFiles.write(dir, "data.csv", "user,item,timestamp,Score\nu,i,1,1\n" + badLine + "\nv,j,1,2\n");
      default -> throw new IllegalArgumentException("no test file of kind " + kind);
    };
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("badLines")
  void namesFileLineReasonAndText(String kind, String what, String badLine, String reason)
      throws IOException {
    Path file = fileWithBadLine(kind, badLine);

    MalformedDataException e =
        assertThrows(MalformedDataException.class, () -> CollectedRead.of(file, false));

    assertEquals(
        file + ":" + BAD_LINE + ": " + reason + ": \"" + badLine + "\"",
        e.getMessage());
    assertEquals(BAD_LINE, e.lineNumber());
    assertEquals(reason, e.reason());
    assertEquals(file.toString(), e.file());
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("badLines")
  void skipsAndCountsWhenAsked(String kind, String what, String badLine, String reason)
      throws IOException {
    Path file = fileWithBadLine(kind, badLine);

    CollectedRead read = CollectedRead.of(file, true);

    assertEquals(1, read.summary().skippedLines());
    assertEquals(2, read.summary().interactions());
    assertEquals(2, read.interactions().size());
  }

  @Test
  void countsEverySkippedLine() throws IOException {
    Path file =
        TestFiles.write(
            dir, "ratings.dat", "x\n1::1::5::1\ny\n\n1::2::5::2\n1::3\n1::3::5::-1\n1::4::5::4\n");

    CollectedRead read = CollectedRead.of(file, DatasetFormat.MOVIELENS_RATINGS, true);

    assertEquals(4, read.summary().skippedLines());
    assertEquals(List.of("1", "2", "4"), read.itemIds());
  }

  @Test
  void reportsTheFirstBadLineWhenNotSkipping() throws IOException {
    Path file = TestFiles.write(dir, "ratings.dat", "1::1::5::1\n\n\n1::2::5\n1::3\n");

    MalformedDataException e =
        assertThrows(
            MalformedDataException.class,
            () -> CollectedRead.of(file, DatasetFormat.MOVIELENS_RATINGS, false));
    assertEquals(4, e.lineNumber());
  }

  @Test
  void countsLinesEndedByCrLf() throws IOException {
    Path file = TestFiles.write(dir, "data.txt", "1 1\r\n1 2\r\n1\r\n");

    MalformedDataException e =
        assertThrows(
            MalformedDataException.class,
            () -> CollectedRead.of(file, DatasetFormat.SASREC_TXT, false));
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
            () -> CollectedRead.of(file, DatasetFormat.MOVIELENS_RATINGS, false));
    assertEquals(
        file + ":1: expected 4 fields separated by '::', found 2: \""
            + longLine.substring(0, 80) + "...\"",
        e.getMessage());
  }
}
