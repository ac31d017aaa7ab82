package dev.recsys.events.dataset;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one CSV line into fields, following RFC 4180 quoting: a field may be enclosed in double
 * quotes, inside which commas are literal and {@code ""} stands for one quote. Quoted fields may
 * not span lines here; an interaction file has no use for multi-line ids, and refusing them keeps
 * line numbers in error messages exact.
 */
final class CsvLineSplitter {
  private static final char SEPARATOR = ',';
  private static final char QUOTE = '"';

  private CsvLineSplitter() {}

  static List<String> split(String line) throws BadLineException {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    int length = line.length();
    int i = 0;
    while (true) {
      field.setLength(0);
      if (i < length && line.charAt(i) == QUOTE) {
        i = readQuoted(line, i + 1, field);
        if (i < length && line.charAt(i) != SEPARATOR) {
          throw new BadLineException(
              "unexpected text after closing quote at column " + (i + 1));
        }
      } else {
        int end = line.indexOf(SEPARATOR, i);
        if (end < 0) {
          end = length;
        }
        field.append(line, i, end);
        i = end;
      }
      fields.add(field.toString());
      if (i >= length) {
        return fields;
      }
      i++; // past the separator; a trailing separator yields a final empty field
    }
  }

  /** Appends the quoted field's content and returns the index just past its closing quote. */
  private static int readQuoted(String line, int from, StringBuilder field)
      throws BadLineException {
    int i = from;
    int length = line.length();
    while (i < length) {
      char c = line.charAt(i);
      if (c == QUOTE) {
        if (i + 1 < length && line.charAt(i + 1) == QUOTE) {
          field.append(QUOTE);
          i += 2;
          continue;
        }
        return i + 1;
      }
      field.append(c);
      i++;
    }
    throw new BadLineException("unterminated quote starting at column " + from);
  }
}
