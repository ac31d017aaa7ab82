package dev.recsys.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * How a command reaches Kafka (a picocli mixin shared by every command that talks to a broker):
 * the bootstrap servers and any client property passed through as is, so the same command works
 * against the local broker and against a secured production cluster.
 */
final class KafkaClientOptions {
  static final String DEFAULT_BOOTSTRAP_SERVERS = "localhost:9092";
  private static final String BOOTSTRAP_SERVERS = "bootstrap.servers";

  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
      description = "Kafka brokers. Default: bootstrap.servers from --property or --properties-file, else "
          + DEFAULT_BOOTSTRAP_SERVERS + " (the broker of `recsys kafka start`).")
  String bootstrapServers;

  @Option(names = "--property", paramLabel = "KEY=VALUE",
      description = "A Kafka client property, passed through as is; repeatable "
          + "(e.g. --property security.protocol=SASL_SSL --property compression.type=zstd).")
  Map<String, String> properties = new LinkedHashMap<>();

  @Option(names = "--properties-file", paramLabel = "FILE",
      description = "Kafka client properties file, as Kafka's own tools take with --command-config; "
          + "--property entries override it.")
  Path propertiesFile;

  /** The client settings: the file, then --property, then --bootstrap-servers, each overriding the last. */
  Map<String, Object> clientSettings() throws IOException {
    Map<String, Object> settings = new LinkedHashMap<>();
    if (propertiesFile != null) {
      Properties file = new Properties();
      try (Reader reader = Files.newBufferedReader(propertiesFile)) {
        file.load(reader);
      }
      file.stringPropertyNames().forEach(name -> settings.put(name, file.getProperty(name)));
    }
    settings.putAll(properties);
    if (bootstrapServers != null) {
      settings.put(BOOTSTRAP_SERVERS, bootstrapServers);
    }
    settings.putIfAbsent(BOOTSTRAP_SERVERS, DEFAULT_BOOTSTRAP_SERVERS);
    String servers = settings.get(BOOTSTRAP_SERVERS).toString();
    if (servers.isBlank()) {
      throw new IllegalArgumentException("--bootstrap-servers must not be empty");
    }
    return settings;
  }

  String bootstrapServers() throws IOException {
    return clientSettings().get(BOOTSTRAP_SERVERS).toString();
  }
}
