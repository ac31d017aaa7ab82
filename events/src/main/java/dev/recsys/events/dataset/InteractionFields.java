package dev.recsys.events.dataset;

/** Validation shared by the line parsers, so every format rejects the same things the same way. */
final class InteractionFields {
  private InteractionFields() {}

  /** The id without surrounding whitespace, which would otherwise silently make a distinct id. */
  static String requireId(String value, String what) throws BadLineException {
    String id = value.strip();
    if (id.isEmpty()) {
      throw new BadLineException("empty " + what + " id");
    }
    return id;
  }

  /**
   * A non-negative whole number, kept in the file's own unit (seconds for MovieLens, whatever a CSV
   * export wrote): converting would need a unit the file does not state.
   */
  static long parseTimestamp(String value) throws BadLineException {
    String text = value.strip();
    long timestamp;
    try {
      timestamp = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new BadLineException("timestamp is not a whole number: '" + text + "'");
    }
    if (timestamp < 0) {
      throw new BadLineException("timestamp is negative: " + timestamp);
    }
    return timestamp;
  }

  /**
   * A rating or weight: any finite number. {@code field} is the name the file gives the column
   * ("rating" for MovieLens, the header's name for CSV), so the error points at the right column.
   */
  static double parseValue(String value, String field) throws BadLineException {
    String text = value.strip();
    double number;
    try {
      number = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new BadLineException(field + " is not a number: '" + text + "'");
    }
    if (!Double.isFinite(number)) {
      throw new BadLineException(field + " is not a finite number: '" + text + "'");
    }
    return number;
  }
}
