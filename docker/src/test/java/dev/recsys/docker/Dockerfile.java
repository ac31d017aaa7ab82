package dev.recsys.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The instructions of a Dockerfile that the checks need: base images (with build arguments substituted),
 * {@code ARG} defaults and {@code COPY}/{@code ADD} sources and destinations.
 */
final class Dockerfile {
  /** A {@code COPY} or {@code ADD}: sources relative to the build context unless {@code fromStage} is set. */
  record Copy(List<String> sources, String destination, String fromStage) {}

  private static final Pattern ARG_REFERENCE = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)}?");

  private final Path path;
  private final List<String[]> instructions = new ArrayList<>();

  private Dockerfile(Path path, List<String> lines) {
    this.path = path;
    StringBuilder current = new StringBuilder();
    for (String raw : lines) {
      String line = raw.strip();
      if (line.startsWith("#") && current.isEmpty()) {
        continue;
      }
      if (line.endsWith("\\")) {
        current.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      current.append(line);
      String instruction = current.toString().strip();
      current.setLength(0);
      if (!instruction.isEmpty()) {
        String[] parts = instruction.split("\\s+", 2);
        instructions.add(new String[] {parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1] : ""});
      }
    }
  }

  static Dockerfile read(Path path) throws IOException {
    return new Dockerfile(path, Files.readAllLines(path));
  }

  Path path() {
    return path;
  }

  /** Every {@code ARG}'s default value (null when it has none). */
  Map<String, String> argDefaults() {
    Map<String, String> args = new LinkedHashMap<>();
    for (String[] instruction : instructions) {
      if (instruction[0].equals("ARG")) {
        String[] nameValue = instruction[1].split("=", 2);
        args.put(nameValue[0].strip(), nameValue.length > 1 ? nameValue[1].strip() : null);
      }
    }
    return args;
  }

  /** The {@code FROM} images in order, {@code ${ARG}}s replaced by {@code buildArgs}, then by ARG defaults. */
  List<String> baseImages(Map<String, String> buildArgs) {
    Map<String, String> args = new LinkedHashMap<>(argDefaults());
    args.putAll(buildArgs);
    List<String> images = new ArrayList<>();
    for (String[] instruction : instructions) {
      if (instruction[0].equals("FROM")) {
        String image = instruction[1].replaceFirst("^--platform=\\S+\\s+", "").split("\\s+")[0];
        Matcher matcher = ARG_REFERENCE.matcher(image);
        StringBuilder resolved = new StringBuilder();
        while (matcher.find()) {
          String value = args.get(matcher.group(1));
          if (value == null) {
            throw new IllegalArgumentException(path + ": FROM " + image + " uses " + matcher.group()
                + ", which neither the build arguments nor an ARG default set");
          }
          matcher.appendReplacement(resolved, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(resolved);
        images.add(resolved.toString());
      }
    }
    return images;
  }

  /** The arguments of the last {@code instruction} (the one that counts for ENTRYPOINT, CMD, USER ...). */
  String lastArgument(String instruction) {
    String last = null;
    for (String[] parsed : instructions) {
      if (parsed[0].equals(instruction)) {
        last = parsed[1];
      }
    }
    if (last == null) {
      throw new IllegalArgumentException(path + " has no " + instruction);
    }
    return last;
  }

  List<Copy> copies() {
    List<Copy> copies = new ArrayList<>();
    for (String[] instruction : instructions) {
      if (instruction[0].equals("COPY") || instruction[0].equals("ADD")) {
        List<String> words = new ArrayList<>(List.of(instruction[1].split("\\s+")));
        String from = null;
        while (!words.isEmpty() && words.get(0).startsWith("--")) {
          String flag = words.remove(0);
          if (flag.startsWith("--from=")) {
            from = flag.substring("--from=".length());
          }
        }
        if (words.size() < 2 || words.get(0).startsWith("[")) {
          throw new IllegalArgumentException(path + ": write " + instruction[0] + " as 'sources... destination', got "
              + instruction[1]);
        }
        copies.add(new Copy(List.copyOf(words.subList(0, words.size() - 1)), words.get(words.size() - 1), from));
      }
    }
    return copies;
  }
}
