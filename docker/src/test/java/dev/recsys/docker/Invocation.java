package dev.recsys.docker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One run of a program inside a service: its arguments, with the options they set read the simple way
 * ({@code --name value}; a flag followed by another option has no value). The programs' own parsers
 * validate the arguments; this only reads back what the compose file passes.
 */
record Invocation(String service, List<String> args) {
  private static final List<String> SHELL_OPERATORS = List.of("&&", "||", ";", "|");

  /**
   * The runs of {@code program} in a shell script such as {@code test -s f || recsys train --data x}:
   * the words after each {@code program} word up to the next shell operator. Quoting is refused: it
   * would need a shell to read.
   */
  static List<Invocation> inShellScript(String service, String script, String program) {
    if (script.contains("\"") || script.contains("'") || script.contains("`")) {
      throw new IllegalArgumentException(service + ": its shell command uses quotes, which this check does not "
          + "read; keep it to plain words: " + script);
    }
    List<String> words = List.of(script.strip().split("\\s+"));
    List<Invocation> runs = new ArrayList<>();
    for (int i = 0; i < words.size(); i++) {
      if (words.get(i).equals(program)) {
        List<String> args = new ArrayList<>();
        int j = i + 1;
        while (j < words.size() && !SHELL_OPERATORS.contains(words.get(j))) {
          args.add(words.get(j++));
        }
        runs.add(new Invocation(service, args));
        i = j;
      }
    }
    return runs;
  }

  /** The subcommand path: the leading words that are not options. */
  List<String> subcommands() {
    List<String> path = new ArrayList<>();
    for (String arg : args) {
      if (arg.startsWith("-")) {
        break;
      }
      path.add(arg);
    }
    return path;
  }

  Map<String, String> options() {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.startsWith("--")) {
        int eq = arg.indexOf('=');
        if (eq > 0) {
          options.put(arg.substring(0, eq), arg.substring(eq + 1));
        } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
          options.put(arg, args.get(++i));
        } else {
          options.put(arg, "");
        }
      }
    }
    return options;
  }

  Optional<String> option(String name) {
    return Optional.ofNullable(options().get(name));
  }

  @Override
  public String toString() {
    return service + ": " + String.join(" ", args);
  }
}
