package dev.recsys.events.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DatasetFormatTest {

  @ParameterizedTest
  @CsvSource({
    "ml-1m.txt, SASREC_TXT",
    "data/ml-1m.txt.gz, SASREC_TXT",
    "ratings.dat, MOVIELENS_RATINGS",
    "ratings.dat.gz, MOVIELENS_RATINGS",
    "events.csv, CSV",
    "EVENTS.CSV.GZ, CSV",
  })
  void detectsFormatFromFileName(String fileName, DatasetFormat expected) {
    assertEquals(expected, DatasetFormat.detect(Path.of(fileName)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"events.json", "ratings.gz", "ratings", "txt.tar.gz"})
  void rejectsUnknownExtensionNamingFileAndAcceptedOnes(String fileName) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DatasetFormat.detect(Path.of(fileName)));
    assertTrue(e.getMessage().contains(fileName), e.getMessage());
    assertTrue(e.getMessage().contains(".txt, .dat, .csv"), e.getMessage());
  }

  @Test
  void cliNamesRoundTrip() {
    assertEquals("sasrec", DatasetFormat.SASREC_TXT.cliName());
    assertEquals("movielens", DatasetFormat.MOVIELENS_RATINGS.cliName());
    assertEquals("csv", DatasetFormat.CSV.cliName());
    for (DatasetFormat format : DatasetFormat.values()) {
      assertEquals(format, DatasetFormat.fromName(format.cliName()));
      assertEquals(format, DatasetFormat.fromName(format.name()));
    }
    assertEquals(DatasetFormat.MOVIELENS_RATINGS, DatasetFormat.fromName("MovieLens"));
  }

  @Test
  void unknownNameListsTheValidOnes() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DatasetFormat.fromName("parquet"));
    assertEquals(
        "unknown dataset format 'parquet'; expected one of sasrec, movielens, csv", e.getMessage());
  }
}
