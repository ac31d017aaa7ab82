package dev.recsys.docker;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compose's variable substitution for the forms the stack uses: {@code ${NAME}}, {@code ${NAME:?message}},
 * {@code ${NAME:-default}} and {@code $$} for a literal dollar. A variable that is neither set nor
 * defaulted is an error here (Compose would substitute an empty string with only a warning).
 */
final class Interpolation {
  private static final Pattern VARIABLE = Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:\\?|:-)([^}]*))?}");

  private final Map<String, String> variables;

  Interpolation(Map<String, String> variables) {
    this.variables = variables;
  }

  String apply(String text) {
    if (text.matches(".*\\$[A-Za-z_].*")) {
      throw new IllegalArgumentException("unbraced variable in '" + text + "': write ${NAME}");
    }
    Matcher matcher = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String replacement;
      if (matcher.group().equals("$$")) {
        replacement = "$";
      } else {
        String name = matcher.group(1);
        String value = variables.get(name);
        boolean unset = value == null || value.isEmpty();
        if (unset && ":-".equals(matcher.group(2))) {
          replacement = matcher.group(3);
        } else if (unset) {
          throw new IllegalArgumentException("${" + name + "} is used in '" + text + "' but not set in docker/.env"
              + (":?".equals(matcher.group(2)) ? " (" + matcher.group(3) + ")" : ""));
        } else {
          replacement = value;
        }
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    matcher.appendTail(out);
    return out.toString();
  }
}
