package dev.recsys.retrain;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;

/**
 * One retrain per store directory at a time, and a note of how far the last one got. The lock is
 * an OS file lock on {@code retrain.lock}, so it goes away with the process however it ends; the
 * file's text says which run holds it and in which phase it is, so the next run can say what a
 * killed one left behind.
 */
final class RunLock implements AutoCloseable {
  static final String FILE = "retrain.lock";
  static final String DONE = "done";

  private final FileChannel channel;
  private final FileLock lock;
  private final String previous;
  private final String run;
  private final Clock clock;

  private RunLock(FileChannel channel, FileLock lock, String previous, String run, Clock clock) {
    this.channel = channel;
    this.lock = lock;
    this.previous = previous;
    this.run = run;
    this.clock = clock;
  }

  /**
   * @param run names this run in the file, e.g. its version
   * @throws IOException naming the directory when another process (or another run in this one) holds it
   */
  static RunLock acquire(Path dir, String run, Clock clock) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(FILE);
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    if (lock == null) {
      String holder = read(channel);
      channel.close();
      throw new IOException("another retrain is using " + dir + " (" + (holder.isEmpty() ? file : holder)
          + "); wait for it to finish or use another store directory");
    }
    RunLock runLock = new RunLock(channel, lock, read(channel), run, clock);
    runLock.phase("starting");
    return runLock;
  }

  /**
   * What the last run on this directory wrote, e.g. {@code run v1 pid 123: replay since ...}; empty
   * for a new directory. Its phase is {@link #DONE} unless that run was killed or failed.
   */
  String previous() {
    return previous;
  }

  /** Whether the last run on this directory stopped before it was done. */
  boolean previousInterrupted() {
    return !previous.isEmpty() && !previous.contains(": " + DONE + " ");
  }

  /** Records the phase this run is in, for whoever finds the file after a kill. */
  void phase(String phase) throws IOException {
    byte[] text = ("run " + run + " pid " + ProcessHandle.current().pid() + ": " + phase + " since " + clock.instant()
        + "\n").getBytes(StandardCharsets.UTF_8);
    channel.truncate(0);
    channel.write(ByteBuffer.wrap(text), 0);
    channel.force(false);
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }

  private static String read(FileChannel channel) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(channel.size(), 4096));
    channel.read(buffer, 0);
    return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
  }
}
