package dev.recsys.retrain;

import dev.recsys.events.ModelUpdate;
import dev.recsys.model.SasrecModel;
import dev.recsys.model.artifact.ArtifactFile;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/**
 * The model the candidate must not be worse than.
 *
 * @param version its announced version, or {@code file:<path>} when given as a file
 * @param source where it came from, for messages and provenance
 */
public record ServingModel(String version, String source, SasrecModel model) {

  /** A model file given directly (no announcement, so no checksum to check). */
  public static ServingModel fromFile(Path file) throws IOException {
    return new ServingModel("file:" + file.toAbsolutePath(), file.toString(), SasrecModel.load(file));
  }

  /**
   * Loads an announced model as the streaming jobs do: a {@code file:} URI or absolute path whose
   * bytes hash to the announced SHA-256, holding a whole SASRec artifact.
   *
   * @throws IOException naming the version and the reason when any of that does not hold
   */
  public static ServingModel fromAnnouncement(ModelUpdate update) throws IOException {
    Path file = fileOf(update);
    String actual = ArtifactFile.sha256(file);
    if (!actual.equals(update.sha256())) {
      throw new IOException("model " + update.version() + " at " + update.uri() + ": checksum mismatch, announced "
          + update.sha256() + " but the file has " + actual);
    }
    return new ServingModel(update.version(), update.uri(), SasrecModel.load(file));
  }

  private static Path fileOf(ModelUpdate update) throws IOException {
    try {
      if (update.uri().startsWith("file:")) {
        return Path.of(URI.create(update.uri()));
      }
      Path path = Path.of(update.uri());
      if (!path.isAbsolute()) {
        throw new IOException("model " + update.version() + ": '" + update.uri()
            + "' is neither a file: URI nor an absolute path");
      }
      return path;
    } catch (IllegalArgumentException e) {
      throw new IOException("model " + update.version() + ": URI '" + update.uri() + "' is not valid: "
          + e.getMessage(), e);
    }
  }
}
