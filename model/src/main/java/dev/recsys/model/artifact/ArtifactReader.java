package dev.recsys.model.artifact;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recsys.model.data.ItemVocabulary;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the layout described in {@link ArtifactFile} in one sequential pass, refusing the file at
 * the first inconsistency.
 *
 * <p>Order of checks: what is needed to find the end of the file (preamble, header syntax, tensor
 * directory) and the file length come first, so truncation is reported as such; then the checksum,
 * so a damaged byte is reported as corruption rather than as whatever nonsense it decodes to; only
 * then are the fields bound and validated (config, vocabulary, popularity, finite weights).
 *
 * <p>No allocation is sized by a length field before that length has been checked against the
 * actual file size, so a corrupted length cannot exhaust memory.
 */
final class ArtifactReader {
  private static final int CHUNK_BYTES = 1 << 16;

  private final Path file;
  private final FileChannel channel;

  ArtifactReader(Path file, FileChannel channel) {
    this.file = file;
    this.channel = channel;
  }

  ModelArtifact read() throws IOException {
    long size = channel.size();
    MessageDigest sha256 = ArtifactFile.newSha256();
    // Not closed here: the caller owns the channel.
    DigestInputStream in =
        new DigestInputStream(
            new BufferedInputStream(Channels.newInputStream(channel), CHUNK_BYTES), sha256);

    ByteBuffer preamble =
        ByteBuffer.wrap(in.readNBytes(ArtifactFile.PREAMBLE_BYTES)).order(ByteOrder.LITTLE_ENDIAN);
    checkMagic(preamble, size);
    int version = preamble.getInt(ArtifactFile.MAGIC_BYTES);
    if (version != ArtifactFile.FORMAT_VERSION) {
      throw invalid(
          "has format version " + Integer.toUnsignedString(version) + "; this build reads version "
              + ArtifactFile.FORMAT_VERSION);
    }
    int headerLength = preamble.getInt(ArtifactFile.MAGIC_BYTES + Integer.BYTES);
    if (headerLength < 2) { // "{}" is the shortest JSON object
      throw invalid("has an impossible header length " + headerLength + " (file is corrupted)");
    }
    long minimumSize = ArtifactFile.PREAMBLE_BYTES + (long) headerLength + ArtifactFile.CHECKSUM_BYTES;
    if (size < minimumSize) {
      throw truncated("expected at least " + minimumSize + " bytes", size);
    }

    JsonNode header = parseHeader(in, headerLength);
    List<TensorEntry> directory = directory(header);
    long dataBytes = checkDirectory(directory, size);
    long expectedSize = minimumSize + dataBytes; // no overflow: both are at most ~2^33
    if (size < expectedSize) {
      throw truncated("expected " + expectedSize + " bytes", size);
    }
    if (size > expectedSize) {
      throw invalid(
          "has " + (size - expectedSize) + " unexpected bytes after its end (expected "
              + expectedSize + " bytes, found " + size + "; file is corrupted)");
    }

    float[][] values = new float[directory.size()][];
    for (int i = 0; i < values.length; i++) {
      values[i] = readFloats(in, directory.get(i));
    }

    byte[] computed = sha256.digest();
    in.on(false);
    byte[] stored = in.readNBytes(ArtifactFile.CHECKSUM_BYTES);
    if (stored.length < ArtifactFile.CHECKSUM_BYTES) {
      throw truncated("ended inside its checksum; expected " + expectedSize + " bytes", size);
    }
    if (!MessageDigest.isEqual(computed, stored)) {
      throw invalid("has a checksum mismatch (file is corrupted)");
    }
    return assemble(version, header, directory, values);
  }

  /**
   * A file shorter than the preamble that starts like the magic is a truncated artifact; one that
   * starts differently is something else altogether, and saying "truncated" would mislead.
   */
  private void checkMagic(ByteBuffer preamble, long size) throws InvalidArtifactException {
    byte[] magic = ArtifactFile.magic();
    int comparable = Math.min(preamble.limit(), magic.length);
    for (int i = 0; i < comparable; i++) {
      if (preamble.get(i) != magic[i]) {
        throw invalid("is not a model artifact (bad magic)");
      }
    }
    if (preamble.limit() < ArtifactFile.PREAMBLE_BYTES) {
      throw truncated("expected at least " + ArtifactFile.PREAMBLE_BYTES + " bytes", size);
    }
  }

  private JsonNode parseHeader(InputStream in, int headerLength) throws IOException {
    LimitedInputStream headerBytes = new LimitedInputStream(in, headerLength);
    JsonNode header;
    try {
      header = ArtifactHeader.parse(headerBytes);
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage() + " (file is corrupted)", e);
    }
    // The parser allows trailing whitespace; it still belongs to the header and to the checksum.
    headerBytes.transferTo(OutputStream.nullOutputStream());
    if (headerBytes.remaining() > 0) {
      throw truncated("ended inside its header", channel.size());
    }
    return header;
  }

  private List<TensorEntry> directory(JsonNode header) throws InvalidArtifactException {
    try {
      return ArtifactHeader.directory(header);
    } catch (IllegalArgumentException e) {
      throw invalid("has an invalid tensor directory: " + e.getMessage(), e);
    }
  }

  /**
   * Checks names, shapes and offsets; returns the length of the data section, or as soon as that
   * is known to exceed {@code fileSize} any length above it (so summing many huge shapes cannot
   * overflow, and the caller reports truncation).
   */
  private long checkDirectory(List<TensorEntry> directory, long fileSize)
      throws InvalidArtifactException {
    if (directory.isEmpty()) {
      throw invalid("has an empty tensor directory");
    }
    Set<String> names = new HashSet<>();
    long offset = 0;
    for (TensorEntry entry : directory) {
      if (entry.name() == null || entry.name().isEmpty() || !names.add(entry.name())) {
        throw invalid("has a tensor directory with a missing or repeated name '" + entry.name() + "'");
      }
      if (entry.shape() == null) {
        throw invalid("has no shape for tensor '" + entry.name() + "'");
      }
      // Tensors are stored back to back in directory order; an offset that says otherwise means
      // the directory and the data disagree.
      if (entry.offset() != offset) {
        throw invalid(
            "has tensor '" + entry.name() + "' at offset " + entry.offset() + ", expected " + offset);
      }
      try {
        offset += entry.byteLength();
      } catch (IllegalArgumentException e) {
        throw invalid("has an invalid shape for tensor '" + entry.name() + "': " + e.getMessage(), e);
      }
      if (offset > fileSize) {
        return offset;
      }
    }
    return offset;
  }

  private float[] readFloats(InputStream in, TensorEntry entry) throws IOException {
    // The directory has been checked against the file size, so this allocation is backed by data.
    float[] values = new float[Math.toIntExact(Tensor.elementCount(entry.shape()))];
    byte[] chunk = new byte[CHUNK_BYTES];
    ByteBuffer view = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN);
    int done = 0;
    while (done < values.length) {
      int floats = Math.min(values.length - done, CHUNK_BYTES / Float.BYTES);
      int bytes = in.readNBytes(chunk, 0, floats * Float.BYTES);
      if (bytes < floats * Float.BYTES) {
        // The file shrank while being read (someone truncating it in place).
        throw truncated("ended inside tensor '" + entry.name() + "'", channel.size());
      }
      view.clear();
      view.asFloatBuffer().get(values, done, floats);
      done += floats;
    }
    return values;
  }

  private ModelArtifact assemble(
      int version, JsonNode headerJson, List<TensorEntry> directory, float[][] values)
      throws InvalidArtifactException {
    try {
      ArtifactHeader header = ArtifactHeader.bind(headerJson);
      Map<String, Tensor> weights = new LinkedHashMap<>();
      for (int i = 0; i < values.length; i++) {
        TensorEntry entry = directory.get(i);
        try {
          weights.put(entry.name(), new Tensor(entry.shape(), values[i]));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("weight '" + entry.name() + "': " + e.getMessage(), e);
        }
      }
      return new ModelArtifact(
          version,
          header.config(),
          ItemVocabulary.of(header.items()),
          weights,
          header.popularity(),
          header.provenance());
    } catch (IllegalArgumentException | NullPointerException e) {
      // Constructors state their contract with these; here they mean the content is unusable.
      throw invalid("is invalid: " + e.getMessage(), e);
    }
  }

  private InvalidArtifactException truncated(String expectation, long found) {
    return invalid("is truncated: " + expectation + ", found " + found);
  }

  private InvalidArtifactException invalid(String reason) {
    return new InvalidArtifactException(file, reason);
  }

  private InvalidArtifactException invalid(String reason, Throwable cause) {
    return new InvalidArtifactException(file, reason, cause);
  }
}
