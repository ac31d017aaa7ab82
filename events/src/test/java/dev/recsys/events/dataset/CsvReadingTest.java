package dev.recsys.events.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CsvReadingTest {
  @TempDir Path dir;

  @Test
  void findsColumnsByNameInAnyOrderIgnoringExtras() throws IOException {
    Path file =
        TestFiles.write(
            dir,
            "events.csv",
            "Timestamp,rating,ITEM,session,User\n"
                + "30,5,i3,s,u1\n"
                + "10,4,i1,s,u1\n"
                + "5,1,i9,s,u2\n");

    CollectedRead read = CollectedRead.of(file, DatasetFormat.CSV, false);

    assertEquals(
        List.of(
            new Interaction("u1", "i3", 30, 5),
            new Interaction("u1", "i1", 10, 4),
            new Interaction("u2", "i9", 5, 1)),
        read.interactions());
    assertEquals("csv", read.summary().format());
  }

  @ParameterizedTest
  @ValueSource(strings = {"user_id,item_id,timestamp", "userId,itemId,timestamp", "USERID,Item_Id,TIMESTAMP"})
  void acceptsIdColumnAliases(String header) throws IOException {
    Path file = TestFiles.write(dir, "events.csv", header + "\nu,i,1\n");

    Interaction interaction =
        CollectedRead.of(file, DatasetFormat.CSV, false).interactions().get(0);

    assertEquals("u", interaction.userId());
    assertEquals("i", interaction.itemId());
  }

  @ParameterizedTest
  @ValueSource(strings = {"rating", "Value", "SCORE"})
  void readsTheValueFromAnyOfItsColumnNames(String name) throws IOException {
    Path file =
        TestFiles.write(dir, "events.csv", "user,item,timestamp," + name + "\nu,i,1, 2.5 \n");

    assertEquals(
        List.of(new Interaction("u", "i", 1, 2.5)),
        CollectedRead.of(file, DatasetFormat.CSV, false).interactions());
  }

  @Test
  void withoutAValueColumnNoInteractionHasAValue() throws IOException {
    Path file = TestFiles.write(dir, "events.csv", "user,item,timestamp,weight\nu,i,1,9\n");

    Interaction interaction =
        CollectedRead.of(file, DatasetFormat.CSV, false).interactions().get(0);

    assertFalse(interaction.hasValue());
    assertEquals(Double.NaN, interaction.value());
  }

  @Test
  void keepsTimestampsAsWritten() throws IOException {
    Path file = TestFiles.write(dir, "events.csv", "user,item,timestamp\nu,i,1700000000123\n");

    assertEquals(
        1_700_000_000_123L,
        CollectedRead.of(file, DatasetFormat.CSV, false).interactions().get(0).timestamp());
  }

  @Test
  void unquotesRfc4180Fields() throws IOException {
    Path file =
        TestFiles.write(
            dir,
            "events.csv",
            "\"user\",\"item\",\"timestamp\",\"note\"\n"
                + "\"Smith, J\",\"The \"\"Movie\"\"\",\"1\",\"a, b\"\n"
                + "\"Smith, J\",plain,2,\n");

    CollectedRead read = CollectedRead.of(file, DatasetFormat.CSV, false);

    assertEquals("Smith, J", read.interactions().get(0).userId());
    assertEquals(List.of("The \"Movie\"", "plain"), read.itemIds());
  }

  @Test
  void ignoresByteOrderMarkBeforeHeader() throws IOException {
    Path file = TestFiles.write(dir, "events.csv", "\uFEFFuser,item,timestamp\nu,i,1\n");

    assertEquals(1, CollectedRead.of(file, DatasetFormat.CSV, false).summary().interactions());
  }

  @Test
  void headerWithoutRequiredColumnNamesIt() throws IOException {
    Path file = TestFiles.write(dir, "events.csv", "user,item,time\nu,i,1\n");

    MalformedDataException e =
        assertThrows(
            MalformedDataException.class, () -> CollectedRead.of(file, DatasetFormat.CSV, true));
    assertEquals(
        file + ":1: header has no 'timestamp' column (accepted names: timestamp): "
            + "\"user,item,time\"",
        e.getMessage());
  }

  @Test
  void headerNamingAColumnTwiceIsAnError() throws IOException {
    Path file = TestFiles.write(dir, "events.csv", "\nuser,user_id,item,timestamp\n");

    MalformedDataException e =
        assertThrows(
            MalformedDataException.class, () -> CollectedRead.of(file, DatasetFormat.CSV, false));
    assertEquals(2, e.lineNumber());
    assertEquals("header names the user column twice ('user' and 'user_id')", e.reason());
  }

  @Test
  void headerNamingTwoValueColumnsIsAnError() throws IOException {
    // Which of the two is "the" value cannot be guessed; picking one would silently be wrong.
    Path file = TestFiles.write(dir, "events.csv", "user,item,timestamp,rating,score\n");

    MalformedDataException e =
        assertThrows(
            MalformedDataException.class, () -> CollectedRead.of(file, DatasetFormat.CSV, true));
    assertEquals("header names the rating column twice ('rating' and 'score')", e.reason());
  }

  @Test
  void emptyFileHasNoHeader() throws IOException {
    Path file = TestFiles.write(dir, "events.csv", "\n");

    MalformedDataException e =
        assertThrows(
            MalformedDataException.class, () -> CollectedRead.of(file, DatasetFormat.CSV, false));
    assertEquals("no header line (expected user, item and timestamp columns)", e.reason());
  }
}
