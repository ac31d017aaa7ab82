package dev.recsys.events.dataset;

/** GroupLens {@code UserID::MovieID::Rating::Timestamp}; the timestamp is in seconds. */
final class MovieLensLineParser implements InteractionLineParser {
  private static final String SEPARATOR = "::";
  private static final int FIELDS = 4;

  @Override
  public Interaction parse(String line) throws BadLineException {
    String[] fields = new String[FIELDS];
    int count = 0;
    int start = 0;
    while (true) {
      int end = line.indexOf(SEPARATOR, start);
      String field = end < 0 ? line.substring(start) : line.substring(start, end);
      if (count < FIELDS) {
        fields[count] = field;
      }
      count++;
      if (end < 0) {
        break;
      }
      start = end + SEPARATOR.length();
    }
    if (count != FIELDS) {
      throw new BadLineException(
          "expected " + FIELDS + " fields separated by '" + SEPARATOR + "', found " + count);
    }
    String user = InteractionFields.requireId(fields[0], "user");
    String item = InteractionFields.requireId(fields[1], "item");
    double rating = InteractionFields.parseValue(fields[2], "rating");
    long timestamp = InteractionFields.parseTimestamp(fields[3]);
    return new Interaction(user, item, timestamp, rating);
  }
}
