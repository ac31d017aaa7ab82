package dev.recsys.stream.scoring;

import dev.recsys.events.ModelUpdate;
import dev.recsys.model.SasrecModel;
import dev.recsys.model.artifact.ArtifactFile;
import dev.recsys.model.artifact.ModelArtifact;
import dev.recsys.model.data.ItemVocabulary;
import dev.recsys.model.inference.Recommender;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns a model announcement into a {@link ServingModel}, or refuses it with the reason. Refused:
 * a URI that is not a local file, a missing or unreadable file, bytes that do not hash to the
 * announced SHA-256, a file that is not a whole SASRec artifact, and a vocabulary that does not
 * extend the serving model's (the vocabulary is append-only across retrains, so anything else is a
 * model of some other catalogue).
 */
public final class ModelLoader {
  private ModelLoader() {}

  /** The start model's announcement: its path, its SHA-256, and a version (given, or from the hash). */
  public static ModelUpdate describe(String pathOrUri, String version) throws ModelRefusedException {
    Path file = resolve(pathOrUri);
    String sha256;
    try {
      sha256 = ArtifactFile.sha256(file);
    } catch (IOException e) {
      throw new ModelRefusedException("model " + pathOrUri + " cannot be read: " + e.getMessage(), e);
    }
    return new ModelUpdate(version != null ? version : "sha256:" + sha256.substring(0, 12), pathOrUri, sha256);
  }

  /** Reads the artifact without ND4J after checking the announced SHA-256, e.g. to check it before submitting a job. */
  public static ModelArtifact readArtifact(ModelUpdate update) throws ModelRefusedException {
    Path file = resolve(update.uri());
    String actual;
    try {
      actual = ArtifactFile.sha256(file);
    } catch (IOException e) {
      throw new ModelRefusedException("model " + update.version() + " at " + update.uri() + ": " + e.getMessage(), e);
    }
    if (!actual.equals(update.sha256())) {
      throw new ModelRefusedException("model " + update.version() + " at " + update.uri()
          + ": checksum mismatch, announced sha256 " + update.sha256() + " but the file has " + actual);
    }
    return read(file, update.uri());
  }

  /** Reads and validates the artifact at {@code file} (its own header and checksum), without ND4J. */
  public static ModelArtifact read(Path file, String label) throws ModelRefusedException {
    try {
      return ArtifactFile.read(file);
    } catch (IOException e) {
      throw new ModelRefusedException("model " + label + ": " + e.getMessage(), e);
    }
  }

  /**
   * Loads and checks the announced model.
   *
   * @param serving the model being served, whose vocabulary the new one must extend; null at start
   */
  public static ServingModel load(ModelUpdate update, ServingModel serving) throws ModelRefusedException {
    ModelArtifact artifact = readArtifact(update);
    if (serving != null) {
      checkExtends(update, artifact.items(), serving.recommender().model().items(), serving.version());
    }
    SasrecModel model;
    try {
      model = SasrecModel.fromArtifact(artifact);
    } catch (IllegalArgumentException e) {
      throw new ModelRefusedException("model " + update.version() + " at " + update.uri()
          + " does not fit SASRec: " + e.getMessage(), e);
    }
    return new ServingModel(update, new Recommender(model));
  }

  private static void checkExtends(ModelUpdate update, ItemVocabulary next, ItemVocabulary current, String currentVersion)
      throws ModelRefusedException {
    if (next.size() < current.size()) {
      throw new ModelRefusedException("model " + update.version() + " at " + update.uri()
          + ": incompatible vocabulary, it has " + next.size() + " items, fewer than the " + current.size()
          + " of the serving model " + currentVersion);
    }
    for (int index = 1; index <= current.size(); index++) {
      if (!next.idOf(index).equals(current.idOf(index))) {
        throw new ModelRefusedException("model " + update.version() + " at " + update.uri()
            + ": incompatible vocabulary, item index " + index + " is '" + next.idOf(index) + "' but '"
            + current.idOf(index) + "' in the serving model " + currentVersion);
      }
    }
  }

  /** A {@code file:} URI or a plain path; other schemes are refused (every TaskManager reads the file itself). */
  public static Path resolve(String pathOrUri) throws ModelRefusedException {
    try {
      if (pathOrUri.startsWith("file:")) {
        return Path.of(URI.create(pathOrUri));
      }
      if (pathOrUri.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
        throw new ModelRefusedException("model URI " + pathOrUri + ": only file: URIs and paths are supported");
      }
      Path path = Path.of(pathOrUri);
      if (!Files.exists(path)) {
        throw new ModelRefusedException("model " + pathOrUri + " does not exist");
      }
      return path;
    } catch (IllegalArgumentException e) {
      throw new ModelRefusedException("model URI " + pathOrUri + " is not valid: " + e.getMessage(), e);
    }
  }
}
