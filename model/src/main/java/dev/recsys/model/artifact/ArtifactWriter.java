package dev.recsys.model.artifact;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import dev.recsys.model.io.AtomicFile;

/** Writes the layout described in {@link ArtifactFile}, atomically. */
final class ArtifactWriter {
  private static final int CHUNK_FLOATS = 16 * 1024;

  private ArtifactWriter() {}

  static void write(ModelArtifact artifact, Path file) throws IOException {
    if (artifact.formatVersion() != ArtifactFile.FORMAT_VERSION) {
      throw new IllegalArgumentException(
          "cannot write format version " + artifact.formatVersion() + "; this build writes version "
              + ArtifactFile.FORMAT_VERSION);
    }
    byte[] header = ArtifactHeader.of(artifact, directoryOf(artifact.weights())).toJson();

    AtomicFile.write(file, channel -> writeContents(artifact, header, channel));
  }

  private static List<TensorEntry> directoryOf(Map<String, Tensor> weights) {
    List<TensorEntry> directory = new ArrayList<>();
    long offset = 0;
    for (Map.Entry<String, Tensor> weight : weights.entrySet()) {
      TensorEntry entry = new TensorEntry(weight.getKey(), weight.getValue().shape(), offset);
      directory.add(entry);
      offset += entry.byteLength();
    }
    return directory;
  }

  private static void writeContents(ModelArtifact artifact, byte[] header, FileChannel channel)
      throws IOException {
    MessageDigest sha256 = ArtifactFile.newSha256();
    // Not closed: closing a channel stream closes the channel, which must stay open for force().
    OutputStream buffered = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
    DigestOutputStream out = new DigestOutputStream(buffered, sha256);

    ByteBuffer preamble = ByteBuffer.allocate(ArtifactFile.PREAMBLE_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    preamble.put(ArtifactFile.magic()).putInt(ArtifactFile.FORMAT_VERSION).putInt(header.length);
    out.write(preamble.array());
    out.write(header);

    ByteBuffer chunk = ByteBuffer.allocate(CHUNK_FLOATS * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (Tensor tensor : artifact.weights().values()) {
      float[] data = tensor.data();
      for (int start = 0; start < data.length; start += CHUNK_FLOATS) {
        int count = Math.min(CHUNK_FLOATS, data.length - start);
        chunk.clear();
        chunk.asFloatBuffer().put(data, start, count);
        out.write(chunk.array(), 0, count * Float.BYTES);
      }
    }
    out.on(false);
    out.write(sha256.digest());
    out.flush();
  }

  /** Makes the rename itself durable: without this a crash can bring back the old directory entry. */
}
