package dev.recsys.ingest.broker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files a {@link LocalKafkaBroker} writes into its data dir before starting: the broker's
 * server.properties and a Logback configuration for the broker JVM. Both are rewritten on every start,
 * so a restart with other ports or overrides takes effect; the Kafka data itself lives in {@code log.dirs}.
 */
final class BrokerFiles {
  static final String SERVER_PROPERTIES = "server.properties";
  static final String LOGBACK_CONFIG = "broker-logback.xml";
  static final String KAFKA_LOG_DIR = "kafka-logs";

  private BrokerFiles() {}

  /** The broker's configuration: a combined broker and KRaft controller, node 1, then the overrides. */
  static Map<String, String> serverProperties(BrokerSettings settings) {
    String controller = settings.host() + ":" + settings.controllerPort();
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("process.roles", "broker,controller");
    properties.put("node.id", "1");
    properties.put("listeners", "PLAINTEXT://" + settings.bootstrapServers() + ",CONTROLLER://" + controller);
    properties.put("advertised.listeners", "PLAINTEXT://" + settings.bootstrapServers());
    properties.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    properties.put("inter.broker.listener.name", "PLAINTEXT");
    properties.put("controller.listener.names", "CONTROLLER");
    properties.put("controller.quorum.bootstrap.servers", controller);
    properties.put("log.dirs", settings.dataDir().resolve(KAFKA_LOG_DIR).toAbsolutePath().toString());
    // One broker: every internal topic can have one replica only, or it is never created.
    properties.put("offsets.topic.replication.factor", "1");
    properties.put("transaction.state.log.replication.factor", "1");
    properties.put("transaction.state.log.min.isr", "1");
    properties.put("share.coordinator.state.topic.replication.factor", "1");
    properties.put("share.coordinator.state.topic.min.isr", "1");
    // A local consumer group should start consuming at once, not after the default 3 s wait for more members.
    properties.put("group.initial.rebalance.delay.ms", "0");
    // The default 50 partitions each for consumer offsets and transaction state are sized for a cluster;
    // on one local broker creating them delays the first consumer group and the first transaction by seconds.
    properties.put("offsets.topic.num.partitions", "4");
    properties.put("transaction.state.log.num.partitions", "4");
    properties.put("num.partitions", "1");
    // Topics are created explicitly (recsys topics create) with the partitions and settings the engine
    // needs; an auto-created topic from a typo in a topic name would silently take the default ones.
    properties.put("auto.create.topics.enable", "false");
    properties.putAll(settings.overrides());
    return properties;
  }

  /** The directories Kafka keeps its data in, as {@code log.dirs} (or {@code log.dir}) names them. */
  static List<Path> logDirs(Map<String, String> properties) {
    String dirs = properties.getOrDefault("log.dirs", properties.get("log.dir"));
    List<Path> paths = new ArrayList<>();
    for (String dir : dirs.split(",")) {
      if (!dir.isBlank()) {
        paths.add(Path.of(dir.strip()));
      }
    }
    return paths;
  }

  static Path writeServerProperties(Path dataDir, Map<String, String> properties) throws IOException {
    StringBuilder text = new StringBuilder("# Written by recsys on every broker start; change it with overrides.\n");
    properties.forEach((key, value) -> text.append(escape(key)).append('=').append(escape(value)).append('\n'));
    Path file = dataDir.resolve(SERVER_PROPERTIES);
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  /** Backslashes are escapes in a properties file; a Windows path must keep its own. */
  private static String escape(String text) {
    return text.replace("\\", "\\\\");
  }

  /**
   * Logback for the broker JVM: INFO to stdout, which the launcher appends to the log file. Without it
   * the broker would pick up whatever logback.xml the classpath holds (the CLI's logs WARN to stderr).
   */
  static Path writeLogbackConfig(Path dataDir) throws IOException {
    String xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!-- Written by recsys on every broker start: the broker's log, INFO and up, on stdout. -->
        <configuration>
          <appender name="STDOUT" class="ch.qos.logback.core.ConsoleAppender">
            <encoder>
              <pattern>%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n</pattern>
            </encoder>
          </appender>
          <root level="INFO">
            <appender-ref ref="STDOUT"/>
          </root>
        </configuration>
        """;
    Path file = dataDir.resolve(LOGBACK_CONFIG);
    Files.writeString(file, xml, StandardCharsets.UTF_8);
    return file;
  }
}
