package dev.recsys.model.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Replaces a file so that readers see the old content or the new, never a mix: the content goes
 * to a temporary file beside the target, is forced to disk, and is renamed over the target.
 */
public final class AtomicFile {
  private AtomicFile() {}

  /** Writes the new content to an open channel; the channel must stay open when it returns. */
  @FunctionalInterface
  public interface ContentWriter {
    void writeTo(FileChannel channel) throws IOException;
  }

  public static void write(Path file, ContentWriter content) throws IOException {
    Path target = file.toAbsolutePath();
    Path directory = target.getParent();
    // Same directory, so the rename cannot cross file systems; hidden, so tools that scan the
    // directory skip a half-written file; random, so concurrent writers of the same file do not collide.
    Path temp = directory.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        content.writeTo(channel);
        channel.force(true);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException | Error e) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    // The rename itself is durable only once the directory entry is on disk (Linux).
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }
}
