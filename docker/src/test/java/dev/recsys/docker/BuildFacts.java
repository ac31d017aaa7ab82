package dev.recsys.docker;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the docker files must agree with, as this Maven build defines it: the module's surefire
 * configuration passes the root pom's values as system properties, so no version is written twice.
 */
record BuildFacts(Path root, String version, String flinkVersion, String kafkaVersion, String javaRelease,
    String javacppPlatform) {

  static BuildFacts fromSystemProperties() {
    Path root = Path.of(property("recsys.root")).toAbsolutePath().normalize();
    if (!Files.isRegularFile(root.resolve("pom.xml"))) {
      throw new IllegalStateException("recsys.root=" + root + " is not the repository root (no pom.xml)");
    }
    return new BuildFacts(root, property("recsys.version"), property("recsys.flink.version"),
        property("recsys.kafka.version"), property("recsys.java.release"), property("recsys.javacpp.platform"));
  }

  /** The file {@code relative} to the repository root. */
  Path file(String relative) {
    return root.resolve(relative).normalize();
  }

  private static String property(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("system property " + name
          + " is not set; run this test through Maven (mvn -pl docker test), which sets it from pom.xml");
    }
    return value;
  }
}
