package dev.recsys.cli;

import dev.recsys.events.dataset.DatasetFiles;
import dev.recsys.events.dataset.DatasetFormat;
import dev.recsys.model.data.DatasetReader;
import dev.recsys.model.data.ItemVocabulary;
import dev.recsys.model.data.SequenceDataset;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How a command reads an interaction file (a picocli mixin shared by train, evaluate and bench). */
final class DataOptions {
  @Option(names = "--data", required = true, paramLabel = "FILE",
      description = "Interactions: SASRec .txt (user item), MovieLens ratings.dat, or CSV with a "
          + "user,item,timestamp header; .gz is read transparently.")
  Path data;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "auto",
      description = "auto (by file name), sasrec, movielens or csv. Default: ${DEFAULT-VALUE}.")
  String format;

  @Option(names = "--skip-bad-lines",
      description = "Skip and count malformed lines instead of stopping at the first one.")
  boolean skipBadLines;

  SequenceDataset read() throws IOException {
    return read(null);
  }

  /** Reads the file; with {@code knownItems}, items keep that vocabulary's indices. */
  SequenceDataset read(ItemVocabulary knownItems) throws IOException {
    DatasetFiles.requireExists(data);
    DatasetFormat chosen = format.equalsIgnoreCase("auto") ? DatasetFormat.detect(data) : DatasetFormat.fromName(format);
    return knownItems == null ? DatasetReader.read(data, chosen, skipBadLines)
        : DatasetReader.read(data, chosen, skipBadLines, knownItems);
  }
}
