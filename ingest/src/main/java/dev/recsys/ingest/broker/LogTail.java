package dev.recsys.ingest.broker;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The last lines a child process wrote to its log file, for an error message that shows why it failed. */
final class LogTail {
  static final int LINES = 40;
  /** Enough for 40 long log lines; a broker log can be large and only its end matters. */
  private static final long MAX_BYTES = 64 * 1024;

  private LogTail() {}

  /** The file's size now: where the next run's output will start. */
  static long mark(Path file) throws IOException {
    return Files.exists(file) ? Files.size(file) : 0;
  }

  /**
   * The last {@link #LINES} lines written to {@code file} after {@code mark}, so an appended log shows
   * this run only. A failure to read is described in place of the lines: it must not hide the error the
   * tail is meant to explain.
   */
  static String since(Path file, long mark) {
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long start = Math.max(mark, in.length() - MAX_BYTES);
      byte[] bytes = new byte[(int) Math.max(0, in.length() - start)];
      in.seek(start);
      in.readFully(bytes);
      List<String> lines = Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\\R"));
      String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - LINES), lines.size())).strip();
      return tail.isEmpty() ? "(the log is empty)" : tail;
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e + ")";
    }
  }
}
