package dev.recsys.model.data;

import dev.recsys.events.dataset.DatasetFormat;
import dev.recsys.events.dataset.MalformedDataException;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
                + "5,1,i9,s,u2\n"
                + "20,3,i2,s,u1\n");

    SequenceDataset dataset = DatasetReader.read(file, DatasetFormat.CSV, false);

    assertEquals(List.of("u1", "u2"), dataset.users().stream().map(UserSequence::userId).toList());
    assertEquals("i1 i2 i3", TestFiles.itemIds(dataset, dataset.users().get(0)));
    assertEquals("i9", TestFiles.itemIds(dataset, dataset.users().get(1)));
    assertEquals(List.of("i3", "i1", "i9", "i2"), dataset.items().ids());
    assertEquals("csv", dataset.source().format());
  }

  @ParameterizedTest
  @ValueSource(strings = {"user_id,item_id,timestamp", "userId,itemId,timestamp", "USERID,Item_Id,TIMESTAMP"})
  void acceptsIdColumnAliases(String header) throws IOException {
    Path file = TestFiles.write(dir, "events.csv", header + "\nu,i,1\n");

    SequenceDataset dataset = DatasetReader.read(file, DatasetFormat.CSV, false);

    assertEquals("u", dataset.users().get(0).userId());
    assertEquals(List.of("i"), dataset.items().ids());
  }

  @Test
  void keepsFileOrderOnEqualTimestamps() throws IOException {
    Path file =
        TestFiles.write(dir, "events.csv", "user,item,timestamp\nu,c,7\nu,a,7\nu,z,3\nu,b,7\n");

    SequenceDataset dataset = DatasetReader.read(file, DatasetFormat.CSV, false);

    assertEquals("z c a b", TestFiles.itemIds(dataset, dataset.users().get(0)));
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

    SequenceDataset dataset = DatasetReader.read(file, DatasetFormat.CSV, false);

    assertEquals("Smith, J", dataset.users().get(0).userId());
    assertEquals(List.of("The \"Movie\"", "plain"), dataset.items().ids());
  }

  @Test
  void ignoresByteOrderMarkBeforeHeader() throws IOException {
    Path file = TestFiles.write(dir, "events.csv", "\uFEFFuser,item,timestamp\nu,i,1\n");

    assertEquals(1, DatasetReader.read(file, DatasetFormat.CSV, false).numActions());
  }

  @Test
  void headerWithoutRequiredColumnNamesIt() throws IOException {
    Path file = TestFiles.write(dir, "events.csv", "user,item,time\nu,i,1\n");

    MalformedDataException e =
        assertThrows(
            MalformedDataException.class, () -> DatasetReader.read(file, DatasetFormat.CSV, true));
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
            MalformedDataException.class, () -> DatasetReader.read(file, DatasetFormat.CSV, false));
    assertEquals(2, e.lineNumber());
    assertEquals("header names the user column twice ('user' and 'user_id')", e.reason());
  }

  @Test
  void emptyFileHasNoHeader() throws IOException {
    Path file = TestFiles.write(dir, "events.csv", "\n");

    MalformedDataException e =
        assertThrows(
            MalformedDataException.class, () -> DatasetReader.read(file, DatasetFormat.CSV, false));
    assertEquals("no header line (expected user, item and timestamp columns)", e.reason());
  }
}
