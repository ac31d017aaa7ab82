package dev.recsys.events.dataset;

/**
 * A line parser's verdict that a line is malformed, carrying only the reason; {@link
 * InteractionReader} adds the file, line number and text when it turns this into a {@link
 * MalformedDataException}.
 */
final class BadLineException extends Exception {
  private static final long serialVersionUID = 1L;

  BadLineException(String reason) {
    // No stack trace: with --skip-bad-lines a dirty file can raise one of these per line, and the
    // reason alone says everything the caller needs.
    super(reason, null, false, false);
  }

  String reason() {
    return getMessage();
  }
}
