package dev.recsys.model.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.recsys.events.dataset.DatasetFormat;
import dev.recsys.events.dataset.MalformedDataException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VocabularyExtensionTest {
  @TempDir Path dir;

  @Test
  void knownItemsKeepTheirIndicesAndNewOnesFollow() throws IOException {
    ItemVocabulary known = ItemVocabulary.of(List.of("a", "b", "c"));
    Path file = TestFiles.write(dir, "a.txt", "u d\nu b\nu e\nu a\nu d\n");

    SequenceDataset dataset = DatasetReader.read(file, DatasetFormat.SASREC_TXT, false, known);

    assertEquals(List.of("a", "b", "c", "d", "e"), dataset.items().ids());
    assertArrayEquals(new int[] {4, 2, 5, 1, 4}, dataset.users().get(0).items());
  }

  @Test
  void leavesTheCallersVocabularyUnchanged() throws IOException {
    ItemVocabulary known = ItemVocabulary.of(List.of("a"));
    Path file = TestFiles.write(dir, "a.txt", "u b\n");

    DatasetReader.read(file, DatasetFormat.SASREC_TXT, false, known);

    assertEquals(List.of("a"), known.ids());
  }

  @Test
  void leavesTheCallersVocabularyUnchangedWhenTheReadFails() throws IOException {
    ItemVocabulary known = ItemVocabulary.of(List.of("a"));
    Path file = TestFiles.write(dir, "a.txt", "u b\nbroken\n");

    assertThrows(
        MalformedDataException.class,
        () -> DatasetReader.read(file, DatasetFormat.SASREC_TXT, false, known));
    assertEquals(List.of("a"), known.ids());
  }
}
