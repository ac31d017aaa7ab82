package dev.recsys.store.serve;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A request's query parameters, decoded and checked: a parameter the route does not take, or one
 * given twice, is refused rather than ignored, so a misspelt {@code limt=5} does not silently
 * return the default.
 */
final class QueryParameters {
  private final Map<String, String> values;

  private QueryParameters(Map<String, String> values) {
    this.values = values;
  }

  static QueryParameters parse(String rawQuery, Set<String> allowed) {
    Map<String, String> values = new HashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return new QueryParameters(values);
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = PercentDecoding.queryComponent(equals < 0 ? pair : pair.substring(0, equals), "query");
      String value = PercentDecoding.queryComponent(equals < 0 ? "" : pair.substring(equals + 1), name);
      if (!allowed.contains(name)) {
        throw new BadRequest(name, "unknown query parameter '" + name + "'"
            + (allowed.isEmpty() ? "; this route takes none" : "; this route takes " + new TreeSet<>(allowed)));
      }
      if (values.put(name, value) != null) {
        throw new BadRequest(name, name + ": given more than once");
      }
    }
    return new QueryParameters(values);
  }

  /** The integer value of {@code name} within [min, max], or {@code otherwise} when absent. */
  int intValue(String name, int min, int max, int otherwise) {
    String value = values.get(name);
    if (value == null) {
      return otherwise;
    }
    long parsed = longValue(name, value);
    if (parsed < min || parsed > max) {
      throw new BadRequest(name, name + ": must be between " + min + " and " + max + ", was " + value);
    }
    return (int) parsed;
  }

  /** The value of {@code name} as a long of at least {@code min}, or null when absent. */
  Long longValue(String name, long min) {
    String value = values.get(name);
    if (value == null) {
      return null;
    }
    long parsed = longValue(name, value);
    if (parsed < min) {
      throw new BadRequest(name, name + ": must be at least " + min + ", was " + value);
    }
    return parsed;
  }

  private static long longValue(String name, String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new BadRequest(name, name + ": '" + printable(value) + "' is not an integer");
    }
  }

  /** Echoes a client's value into an error without its control characters and at bounded length. */
  static String printable(String value) {
    String cut = value.length() > 64 ? value.substring(0, 64) + "..." : value;
    return cut.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
  }
}
