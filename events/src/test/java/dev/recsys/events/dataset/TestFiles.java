package dev.recsys.events.dataset;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

/** Writes small interaction files for the reader tests. */
final class TestFiles {
  private TestFiles() {}

  static Path write(Path dir, String name, String content) throws IOException {
    return write(dir, name, content, StandardCharsets.UTF_8);
  }

  static Path write(Path dir, String name, String content, Charset charset) throws IOException {
    Path file = dir.resolve(name);
    Files.write(file, content.getBytes(charset));
    return file;
  }

  static Path writeGzip(Path dir, String name, String content) throws IOException {
    Path file = dir.resolve(name);
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(content.getBytes(StandardCharsets.UTF_8));
    }
    return file;
  }

  /** The digest of the whole file, computed in one go rather than while streaming. */
  static String sha256Of(Path file) throws IOException, NoSuchAlgorithmException {
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
    return HexFormat.of().formatHex(digest);
  }
}
