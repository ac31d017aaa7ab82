package dev.recsys.events.dataset;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A line of an interaction file that cannot be read. The message has the form {@code
 * file:line: reason: "offending line"} so that it can be pasted straight into an editor's "go to".
 */
public final class MalformedDataException extends IOException {
  private static final long serialVersionUID = 1L;

  /** Long lines are cut so that one bad line cannot flood a log. */
  static final int MAX_QUOTED_LENGTH = 80;

  private final String file;
  private final long lineNumber;
  private final String reason;

  public MalformedDataException(Path file, long lineNumber, String reason, String line) {
    super(file + ":" + lineNumber + ": " + reason + ": \"" + truncate(line) + "\"");
    this.file = file.toString();
    this.lineNumber = lineNumber;
    this.reason = reason;
  }

  /** The file as it was given to the reader. */
  public String file() {
    return file;
  }

  /** 1-based number of the offending line. */
  public long lineNumber() {
    return lineNumber;
  }

  /** Why the line was rejected, without the file, line number or line text. */
  public String reason() {
    return reason;
  }

  static String truncate(String line) {
    if (line.length() <= MAX_QUOTED_LENGTH) {
      return line;
    }
    return line.substring(0, MAX_QUOTED_LENGTH) + "...";
  }
}
