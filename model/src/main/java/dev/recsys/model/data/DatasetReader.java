package dev.recsys.model.data;

import dev.recsys.events.dataset.DatasetFormat;
import dev.recsys.events.dataset.InteractionReader;
import dev.recsys.events.dataset.MalformedDataException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads an interaction file into a {@link SequenceDataset}; the file itself is parsed by {@link
 * InteractionReader}, which the Kafka replay shares, so both see the same interactions.
 *
 * <p>Users come out in the order they first appear in the file, and new items get vocabulary
 * indices in the order they first appear reading top to bottom; this reproduces the numbering of
 * SASRec's preprocessed files, where item "1" is index 1. Each user's items are sorted stably by
 * timestamp. A malformed line raises a {@link MalformedDataException} unless {@code skipBadLines}
 * is set, in which case it is counted in {@link SequenceDataset.DataSource#skippedLines()}.
 */
public final class DatasetReader {
  private DatasetReader() {}

  /** Reads {@code file} with a fresh item vocabulary. */
  public static SequenceDataset read(Path file, DatasetFormat format, boolean skipBadLines)
      throws IOException {
    return read(file, format, skipBadLines, new ItemVocabulary());
  }

  /** Reads {@code file}, choosing the format from its name (see {@link DatasetFormat#detect}). */
  public static SequenceDataset read(Path file, boolean skipBadLines) throws IOException {
    return read(file, DatasetFormat.detect(file), skipBadLines);
  }

  /**
   * Reads {@code file}, starting from the items of {@code knownItems}: those keep their indices and
   * new items are numbered after them, which is what lets a retrained model reuse old embeddings.
   * {@code knownItems} itself is left unchanged (the dataset gets an extended copy), so a read that
   * fails half way leaves the caller's vocabulary as it was.
   */
  public static SequenceDataset read(
      Path file, DatasetFormat format, boolean skipBadLines, ItemVocabulary knownItems)
      throws IOException {
    ItemVocabulary items = ItemVocabulary.of(knownItems.ids());
    UserSequencesBuilder users = new UserSequencesBuilder();
    InteractionReader.ReadSummary summary =
        InteractionReader.read(
            file,
            format,
            skipBadLines,
            interaction ->
                users.add(
                    interaction.userId(),
                    items.getOrAdd(interaction.itemId()),
                    interaction.timestamp()));
    SequenceDataset.DataSource source =
        new SequenceDataset.DataSource(
            summary.file(), summary.sha256(), summary.format(), summary.skippedLines());
    return new SequenceDataset(users.build(), items, source);
  }
}
