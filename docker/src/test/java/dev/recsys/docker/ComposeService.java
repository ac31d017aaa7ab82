package dev.recsys.docker;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One service of a {@link ComposeFile}, variables already substituted. */
record ComposeService(String name, JsonNode node) {
  /** {@code ports:} entry {@code [ip:]host:container}. */
  record PublishedPort(int host, int container) {}

  /** {@code volumes:} entry {@code source:target[:mode]}; a named volume when the source is not a path. */
  record Mount(String source, String target, boolean readOnly) {
    boolean isNamedVolume() {
      return !(source.startsWith("/") || source.startsWith(".") || source.startsWith("~"));
    }
  }

  String image() {
    return node.path("image").asText("");
  }

  boolean isBuilt() {
    return node.has("build");
  }

  /** The Dockerfile of the build, relative to the build context. */
  String dockerfile() {
    return node.path("build").path("dockerfile").asText("Dockerfile");
  }

  String buildContext() {
    JsonNode build = node.path("build");
    return build.isTextual() ? build.asText() : build.path("context").asText(".");
  }

  Map<String, String> buildArgs() {
    return map(node.path("build").path("args"), "build.args");
  }

  String platform() {
    return node.path("platform").asText("");
  }

  List<String> profiles() {
    return ComposeFile.strings(node.path("profiles"));
  }

  List<String> entrypoint() {
    return ComposeFile.strings(node.path("entrypoint"));
  }

  List<String> command() {
    return ComposeFile.strings(node.path("command"));
  }

  Map<String, String> environment() {
    return map(node.path("environment"), "environment");
  }

  Optional<String> env(String name) {
    return Optional.ofNullable(environment().get(name));
  }

  boolean hasHealthcheck() {
    return node.path("healthcheck").has("test");
  }

  /** Service name to condition; the list form means {@code service_started}. */
  Map<String, String> dependsOn() {
    JsonNode dependsOn = node.path("depends_on");
    Map<String, String> conditions = new LinkedHashMap<>();
    if (dependsOn.isArray()) {
      dependsOn.forEach(n -> conditions.put(n.asText(), "service_started"));
    } else {
      dependsOn.properties().forEach(e ->
          conditions.put(e.getKey(), e.getValue().path("condition").asText("service_started")));
    }
    return conditions;
  }

  List<PublishedPort> ports() {
    List<PublishedPort> ports = new ArrayList<>();
    for (String spec : ComposeFile.strings(node.path("ports"))) {
      String[] parts = spec.replaceFirst("/(tcp|udp)$", "").split(":");
      if (parts.length < 2) {
        throw new IllegalArgumentException(name + ": port '" + spec + "' does not publish to a host port");
      }
      ports.add(new PublishedPort(Integer.parseInt(parts[parts.length - 2]), Integer.parseInt(parts[parts.length - 1])));
    }
    return ports;
  }

  List<Mount> mounts() {
    List<Mount> mounts = new ArrayList<>();
    for (String spec : ComposeFile.strings(node.path("volumes"))) {
      String[] parts = spec.split(":");
      if (parts.length < 2 || parts.length > 3) {
        throw new IllegalArgumentException(name + ": volume '" + spec + "' is not source:target[:mode]");
      }
      mounts.add(new Mount(parts[0], parts[1], parts.length == 3 && parts[2].equals("ro")));
    }
    return mounts;
  }

  /** The mount that holds {@code path} inside the container, if any. */
  Optional<Mount> mountHolding(String path) {
    return mounts().stream()
        .filter(m -> path.equals(m.target()) || path.startsWith(m.target().endsWith("/") ? m.target() : m.target() + "/"))
        .findFirst();
  }

  private Map<String, String> map(JsonNode mapNode, String what) {
    Map<String, String> values = new LinkedHashMap<>();
    if (mapNode.isMissingNode() || mapNode.isNull()) {
      return values;
    }
    if (!mapNode.isObject()) {
      throw new IllegalArgumentException(name + ": write " + what + " as a map (NAME: value), got " + mapNode);
    }
    mapNode.properties().forEach(e -> values.put(e.getKey(), e.getValue().asText()));
    return values;
  }
}
