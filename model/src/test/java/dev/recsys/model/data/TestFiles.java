package dev.recsys.model.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small interaction files for the dataset tests, and a readable form of a user's sequence. */
final class TestFiles {
  private TestFiles() {}

  static Path write(Path dir, String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  /** The user's items as external ids, space-separated, in sequence order. */
  static String itemIds(SequenceDataset dataset, UserSequence user) {
    StringBuilder ids = new StringBuilder();
    for (int index : user.items()) {
      ids.append(ids.length() == 0 ? "" : " ").append(dataset.items().idOf(index));
    }
    return ids.toString();
  }
}
