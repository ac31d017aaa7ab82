package dev.recsys.model.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Reads and writes a {@link ModelArtifact} as one self-describing file, loaded or refused whole.
 *
 * <h2>Layout (format version 1)</h2>
 *
 * All binary integers and floats are little-endian.
 *
 * <pre>
 * offset        size  content
 * 0             8     magic, ASCII "SASRECMA"
 * 8             4     int32 format version (1)
 * 12            4     int32 H, length of the header in bytes
 * 16            H     header: UTF-8 JSON object
 *                       "config":     SasrecConfig fields
 *                       "items":      item ids in index order (element i is item index i + 1)
 *                       "popularity": counts per item index, [0] is padding and 0
 *                       "tensors":    directory, [{"name", "shape": [..], "offset"}] in weight
 *                                     order; offset in bytes from the start of the data section
 *                       "provenance": Provenance fields, createdAt as ISO-8601 text
 * 16 + H        D     data section: each tensor's values as float32, row-major, back to back in
 *                     directory order (so D = 4 * total number of values)
 * 16 + H + D    32    SHA-256 of every preceding byte (offsets 0 .. 16 + H + D - 1)
 * </pre>
 *
 * <p>The file ends right after the checksum; its length must be exactly {@code 48 + H + D}.
 *
 * <p>A changed layout gets a new format version: readers refuse versions they do not know rather
 * than guess. {@link #write} replaces the target atomically, so a reader never sees half a file;
 * {@link #read} validates everything (see {@link ArtifactReader}) and throws {@link
 * InvalidArtifactException} naming the file and the reason.
 */
public final class ArtifactFile {
  /** The format version this build writes and the only one it reads. */
  public static final int FORMAT_VERSION = 1;

  static final int MAGIC_BYTES = 8;
  static final int PREAMBLE_BYTES = MAGIC_BYTES + 2 * Integer.BYTES;
  static final int CHECKSUM_BYTES = 32;
  private static final String MAGIC = "SASRECMA";

  private ArtifactFile() {}

  /**
   * Writes {@code artifact} to {@code file}, replacing any existing file atomically: the content is
   * written to a temporary file in the same directory, forced to disk and renamed over the target.
   * On failure the target is unchanged and the temporary file removed.
   *
   * @throws IllegalArgumentException if the artifact's format version is not {@link #FORMAT_VERSION}
   */
  public static void write(ModelArtifact artifact, Path file) throws IOException {
    ArtifactWriter.write(artifact, file);
  }

  /**
   * Reads and fully validates the artifact in {@code file}.
   *
   * @throws NoSuchFileException if there is no such file
   * @throws InvalidArtifactException if the file is not a complete, intact artifact of a supported
   *     format version with valid contents
   */
  public static ModelArtifact read(Path file) throws IOException {
    try (FileChannel channel = open(file)) {
      return new ArtifactReader(file, channel).read();
    }
  }

  /** SHA-256 of the whole file in lowercase hex: the identity a model announcement carries. */
  public static String sha256(Path file) throws IOException {
    MessageDigest digest = newSha256();
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Channels.newInputStream(open(file))) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static FileChannel open(Path file) throws IOException {
    try {
      return FileChannel.open(file, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw noSuchArtifact(file, e);
    }
  }

  private static NoSuchFileException noSuchArtifact(Path file, Throwable cause) {
    NoSuchFileException missing =
        new NoSuchFileException(file.toString(), null, "model artifact does not exist");
    missing.initCause(cause);
    return missing;
  }

  static byte[] magic() {
    return MAGIC.getBytes(StandardCharsets.US_ASCII);
  }

  static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform is required to provide SHA-256.
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
