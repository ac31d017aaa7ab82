package dev.recsys.events.dataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Everything one read handed to its consumer, kept with the summary so tests can check both. */
record CollectedRead(List<Interaction> interactions, InteractionReader.ReadSummary summary) {

  static CollectedRead of(Path file, DatasetFormat format, boolean skipBadLines)
      throws IOException {
    List<Interaction> interactions = new ArrayList<>();
    InteractionReader.ReadSummary summary =
        InteractionReader.read(file, format, skipBadLines, interactions::add);
    return new CollectedRead(interactions, summary);
  }

  /** Reads with the format detected from the file name. */
  static CollectedRead of(Path file, boolean skipBadLines) throws IOException {
    return of(file, DatasetFormat.detect(file), skipBadLines);
  }

  List<String> itemIds() {
    return interactions.stream().map(Interaction::itemId).toList();
  }
}
