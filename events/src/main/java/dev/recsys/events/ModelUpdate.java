package dev.recsys.events;

import java.io.Serializable;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The announcement of a new model artifact on {@link Topics#MODEL_UPDATES}: the streaming job loads
 * the artifact at {@code uri}, checks that its bytes hash to {@code sha256}, and serves it as
 * {@code version}. Wire format: {@link ModelUpdateJson}.
 *
 * @param version what recommendations made with this model are labelled with, e.g. "2026-11-28.1"
 * @param uri where the artifact is: a {@code file:} URI or an absolute path, readable by every Flink
 *     TaskManager
 * @param sha256 SHA-256 of the artifact file's bytes, 64 lowercase hex digits
 */
public record ModelUpdate(String version, String uri, String sha256) implements Serializable {
  private static final long serialVersionUID = 1L;
  public static final int MAX_VERSION_LENGTH = 128;
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  public ModelUpdate {
    require(version != null && !version.isBlank(), "version", "is required");
    require(version.length() <= MAX_VERSION_LENGTH, "version",
        "is " + version.length() + " characters, at most " + MAX_VERSION_LENGTH + " allowed");
    require(uri != null && !uri.isBlank(), "uri", "is required");
    require(sha256 != null, "sha256", "is required");
    require(SHA256_HEX.matcher(sha256).matches(), "sha256",
        "must be 64 lowercase hex digits, got '" + abbreviate(sha256) + "'");
  }

  private static void require(boolean condition, String field, String problem) {
    if (!condition) {
      throw new IllegalArgumentException("model update: " + field + " " + problem);
    }
  }

  private static String abbreviate(String value) {
    return value.length() <= 80 ? value : value.substring(0, 80) + "...";
  }

  @Override
  public String toString() {
    return "ModelUpdate[version=" + version + ", uri=" + uri + ", sha256=" + Objects.toString(sha256) + "]";
  }
}
