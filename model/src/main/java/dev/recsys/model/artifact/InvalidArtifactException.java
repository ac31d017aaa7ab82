package dev.recsys.model.artifact;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file that is not a complete, intact model artifact this build can load. The message names the
 * file and the reason, so an operator can act on a log line alone.
 */
public class InvalidArtifactException extends IOException {
  private final transient Path file;
  private final String reason;

  public InvalidArtifactException(Path file, String reason) {
    this(file, reason, null);
  }

  public InvalidArtifactException(Path file, String reason, Throwable cause) {
    super("model artifact " + file + " " + reason, cause);
    this.file = file;
    this.reason = reason;
  }

  public Path file() {
    return file;
  }

  /** The reason alone, e.g. "has a checksum mismatch (file is corrupted)". */
  public String reason() {
    return reason;
  }
}
