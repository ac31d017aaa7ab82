package dev.recsys.model.artifact;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * An artifact file taken apart independently of the production reader, so tests can forge files
 * whose checksum is valid but whose content is not, and locate regions of a real file.
 */
record ArtifactBytes(byte[] preamble, String header, byte[] data) {

  static ArtifactBytes parse(byte[] file) {
    int headerLength = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getInt(12);
    int dataStart = 16 + headerLength;
    return new ArtifactBytes(
        Arrays.copyOfRange(file, 0, 16),
        new String(file, 16, headerLength, StandardCharsets.UTF_8),
        Arrays.copyOfRange(file, dataStart, file.length - 32));
  }

  int headerStart() {
    return 16;
  }

  int dataStart() {
    return 16 + header.getBytes(StandardCharsets.UTF_8).length;
  }

  ArtifactBytes withHeader(String newHeader) {
    return new ArtifactBytes(preamble, newHeader, data);
  }

  ArtifactBytes withData(byte[] newData) {
    return new ArtifactBytes(preamble, header, newData);
  }

  /** The file, with the header length and checksum recomputed. */
  byte[] toFile() {
    byte[] headerBytes = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer out =
        ByteBuffer.allocate(16 + headerBytes.length + data.length + 32).order(ByteOrder.LITTLE_ENDIAN);
    out.put(preamble, 0, 12).putInt(headerBytes.length).put(headerBytes).put(data);
    out.put(sha256(Arrays.copyOf(out.array(), out.position())));
    return out.array();
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
