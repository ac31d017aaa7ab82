package dev.recsys.events.dataset;

import java.util.List;
import java.util.Locale;

/**
 * CSV rows whose columns are named by a header line. The user, item and timestamp columns are
 * required and a rating column is optional; others are ignored so that exports with context
 * columns can be used as they are.
 */
final class CsvLineParser implements InteractionLineParser {

  /** A column the reader reads, with the header names accepted for it (compared in lower case). */
  private enum Column {
    USER(true, "user", "user_id", "userid"),
    ITEM(true, "item", "item_id", "itemid"),
    TIMESTAMP(true, "timestamp"),
    VALUE(false, "rating", "value", "score");

    private final boolean required;
    private final List<String> acceptedNames;

    Column(boolean required, String... acceptedNames) {
      this.required = required;
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
  /** The value column's position, or -1 when the header has none. */
  private final int valueColumn;
  /** The value column's name as the header spells it, so that errors name it the same way. */
  private final String valueName;

  private CsvLineParser(int columnCount, int[] positions, String[] matchedNames) {
    this.columnCount = columnCount;
    this.userColumn = positions[Column.USER.ordinal()];
    this.itemColumn = positions[Column.ITEM.ordinal()];
    this.timestampColumn = positions[Column.TIMESTAMP.ordinal()];
    this.valueName = matchedNames[Column.VALUE.ordinal()];
    this.valueColumn = valueName == null ? -1 : positions[Column.VALUE.ordinal()];
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
      if (column.required && matchedNames[column.ordinal()] == null) {
        throw new BadLineException(
            "header has no '" + column.primaryName() + "' column (accepted names: "
                + String.join(", ", column.acceptedNames) + ")");
      }
    }
    return new CsvLineParser(names.size(), positions, matchedNames);
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
    if (valueColumn < 0) {
      return Interaction.withoutValue(user, item, timestamp);
    }
    double value = InteractionFields.parseValue(fields.get(valueColumn), valueName);
    return new Interaction(user, item, timestamp, value);
  }
}
