package dev.recsys.model.data;

import java.util.List;
import java.util.Locale;

/**
 * CSV rows whose columns are named by a header line. Only the user, item and timestamp columns are
 * read; others are ignored so that exports with ratings or context columns can be used as they
 * are.
 */
final class CsvLineParser implements InteractionLineParser {

  /** A column the reader needs, with the header names accepted for it (compared in lower case). */
  private enum Column {
    USER("user", "user_id", "userid"),
    ITEM("item", "item_id", "itemid"),
    TIMESTAMP("timestamp");

    private final List<String> acceptedNames;

    Column(String... acceptedNames) {
      this.acceptedNames = List.of(acceptedNames);
    }

    String primaryName() {
      return acceptedNames.get(0);
    }
  }

  private final int columnCount;
  private final int userColumn;
  private final int itemColumn;
  private final int timestampColumn;

  private CsvLineParser(int columnCount, int[] positions) {
    this.columnCount = columnCount;
    this.userColumn = positions[Column.USER.ordinal()];
    this.itemColumn = positions[Column.ITEM.ordinal()];
    this.timestampColumn = positions[Column.TIMESTAMP.ordinal()];
  }

  static CsvLineParser fromHeader(String headerLine) throws BadLineException {
    List<String> names = CsvLineSplitter.split(headerLine);
    int[] positions = new int[Column.values().length];
    String[] matchedNames = new String[positions.length];
    for (int index = 0; index < names.size(); index++) {
      String name = names.get(index).strip();
      Column column = columnNamed(name);
      if (column == null) {
        continue;
      }
      if (matchedNames[column.ordinal()] != null) {
        throw new BadLineException(
            "header names the " + column.primaryName() + " column twice ('"
                + matchedNames[column.ordinal()] + "' and '" + name + "')");
      }
      matchedNames[column.ordinal()] = name;
      positions[column.ordinal()] = index;
    }
    for (Column column : Column.values()) {
      if (matchedNames[column.ordinal()] == null) {
        throw new BadLineException(
            "header has no '" + column.primaryName() + "' column (accepted names: "
                + String.join(", ", column.acceptedNames) + ")");
      }
    }
    return new CsvLineParser(names.size(), positions);
  }

  private static Column columnNamed(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (Column column : Column.values()) {
      if (column.acceptedNames.contains(lower)) {
        return column;
      }
    }
    return null;
  }

  @Override
  public Interaction parse(String line) throws BadLineException {
    List<String> fields = CsvLineSplitter.split(line);
    if (fields.size() != columnCount) {
      throw new BadLineException(
          "expected " + columnCount + " fields separated by ',' as in the header, found "
              + fields.size());
    }
    String user = InteractionFields.requireId(fields.get(userColumn), "user");
    String item = InteractionFields.requireId(fields.get(itemColumn), "item");
    long timestamp = InteractionFields.parseTimestamp(fields.get(timestampColumn));
    return new Interaction(user, item, timestamp);
  }
}
