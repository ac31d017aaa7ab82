package dev.recsys.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A compose file as Compose sees it after substituting the variables of its {@code .env}: the services
 * and the declared named volumes. Only the parts of the Compose format the stack uses are modelled.
 */
final class ComposeFile {
  private final Map<String, ComposeService> services = new LinkedHashMap<>();
  private final Set<String> volumes = new TreeSet<>();

  private ComposeFile(JsonNode root) {
    JsonNode serviceNodes = root.path("services");
    if (!serviceNodes.isObject() || serviceNodes.isEmpty()) {
      throw new IllegalArgumentException("the compose file has no services");
    }
    serviceNodes.properties().forEach(e -> services.put(e.getKey(), new ComposeService(e.getKey(), e.getValue())));
    root.path("volumes").fieldNames().forEachRemaining(volumes::add);
  }

  /** Reads {@code file}, substituting variables from {@code env}. */
  static ComposeFile read(Path file, Map<String, String> env) throws IOException {
    JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    interpolate(root, new Interpolation(env));
    return new ComposeFile(root);
  }

  Map<String, ComposeService> services() {
    return services;
  }

  ComposeService service(String name) {
    ComposeService service = services.get(name);
    if (service == null) {
      throw new IllegalArgumentException("no service '" + name + "' in the compose file; it has " + services.keySet());
    }
    return service;
  }

  /** Top-level named volumes. */
  Set<String> volumes() {
    return volumes;
  }

  private static void interpolate(JsonNode node, Interpolation interpolation) {
    if (node instanceof ObjectNode object) {
      List<String> names = new ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        JsonNode child = object.get(name);
        if (child.isTextual()) {
          object.set(name, TextNode.valueOf(interpolation.apply(child.asText())));
        } else {
          interpolate(child, interpolation);
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        JsonNode child = array.get(i);
        if (child.isTextual()) {
          array.set(i, TextNode.valueOf(interpolation.apply(child.asText())));
        } else {
          interpolate(child, interpolation);
        }
      }
    }
  }

  /** The strings of a list node, or of a single string split at whitespace (Compose's string form). */
  static List<String> strings(JsonNode node) {
    List<String> values = new ArrayList<>();
    if (node.isArray()) {
      for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
        values.add(it.next().asText());
      }
    } else if (node.isTextual()) {
      values.addAll(List.of(node.asText().strip().split("\\s+")));
    } else if (!node.isMissingNode() && !node.isNull()) {
      throw new IllegalArgumentException("expected a string or a list, got " + node);
    }
    return values;
  }
}
