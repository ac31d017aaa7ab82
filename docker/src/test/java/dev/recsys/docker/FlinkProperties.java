package dev.recsys.docker;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code FLINK_PROPERTIES} variable of the official Flink image: one {@code key: value} per line,
 * written into the container's config.yaml by the image's entrypoint.
 */
final class FlinkProperties {
  private FlinkProperties() {}

  /**
   * The settings in {@code text}. Refuses a value with whitespace: some releases of the official image's
   * entrypoint delete every whitespace character of a line before splitting it, which silently turns
   * {@code "-Da=1 -Db=2"} into {@code "-Da=1-Db=2"}.
   */
  static Map<String, String> parse(String service, String text) {
    Map<String, String> properties = new LinkedHashMap<>();
    for (String raw : text.split("\n")) {
      String line = raw.strip();
      if (line.isEmpty()) {
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0 || colon == line.length() - 1) {
        throw new IllegalArgumentException(service + ": FLINK_PROPERTIES line '" + line + "' is not 'key: value'");
      }
      String key = line.substring(0, colon).strip();
      String value = line.substring(colon + 1).strip();
      if (value.isEmpty() || key.matches(".*\\s.*") || value.matches(".*\\s.*")) {
        throw new IllegalArgumentException(service + ": FLINK_PROPERTIES line '" + line + "' has whitespace inside its "
            + "key or value (the image's entrypoint may delete it); pass JVM options through FLINK_ENV_JAVA_OPTS_*");
      }
      if (properties.put(key, value) != null) {
        throw new IllegalArgumentException(service + ": FLINK_PROPERTIES sets " + key + " twice");
      }
    }
    return properties;
  }

  /** Bytes of a Flink or javacpp memory size such as {@code 1024m}, {@code 4g} or {@code 314572800}. */
  static long bytes(String size) {
    String s = size.strip().toLowerCase(Locale.ROOT).replaceFirst("b$", "");
    long unit = switch (s.isEmpty() ? ' ' : s.charAt(s.length() - 1)) {
      case 'k' -> 1L << 10;
      case 'm' -> 1L << 20;
      case 'g' -> 1L << 30;
      case 't' -> 1L << 40;
      default -> 1L;
    };
    String digits = unit == 1L ? s : s.substring(0, s.length() - 1);
    try {
      return Long.parseLong(digits.strip()) * unit;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a memory size: '" + size + "'", e);
    }
  }
}
