package dev.recsys.model.data;

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

  /** A timestamp in whole seconds since the epoch. */
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

  /** Checks that a rating is a finite number; the value itself is not used for next-item data. */
  static void requireRating(String value) throws BadLineException {
    String text = value.strip();
    double rating;
    try {
      rating = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new BadLineException("rating is not a number: '" + text + "'");
    }
    if (!Double.isFinite(rating)) {
      throw new BadLineException("rating is not a finite number: '" + text + "'");
    }
  }
}
