package dev.recsys.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import picocli.CommandLine.Option;

/**
 * How a command reaches Kafka (a picocli mixin shared by every command that talks to a broker):
 * the bootstrap servers and any client property passed through as is, so the same command works
 * against the local broker and against a secured production cluster.
 */
final class KafkaClientOptions {
  static final String DEFAULT_BOOTSTRAP_SERVERS = "localhost:9092";
  private static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
  private static final Duration TOPIC_CHECK_TIMEOUT = Duration.ofSeconds(30);

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

  /** An admin client whose calls give up after {@code timeout} (unless --property says otherwise). */
  Admin admin(Duration timeout) throws IOException {
    Map<String, Object> settings = clientSettings();
    settings.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    settings.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    return Admin.create(settings);
  }

  /** The error for a cluster that did not answer, with the likely fix. */
  IOException noAnswer(Duration timeout, Throwable cause) throws IOException {
    return new IOException("no answer from Kafka at " + bootstrapServers() + " within " + timeout.toSeconds()
        + " s; is a broker running (`recsys kafka start`)?", cause);
  }

  /**
   * Fails fast, with the fix in the message, when topics a command needs are missing: a producer
   * would otherwise block for {@code max.block.ms} on every record, and Kafka Streams would start
   * and then stop with a MissingSourceTopicException.
   */
  void requireTopics(List<String> topics) throws IOException, InterruptedException {
    List<String> missing = new ArrayList<>();
    try (Admin admin = admin(TOPIC_CHECK_TIMEOUT)) {
      var described = admin.describeTopics(topics).topicNameValues();
      for (String topic : topics) {
        try {
          described.get(topic).get(TOPIC_CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
          if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
            throw noAnswer(TOPIC_CHECK_TIMEOUT, e.getCause());
          }
          if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
            throw new IOException("cannot describe topic '" + topic + "': " + e.getCause().getMessage(), e.getCause());
          }
          missing.add(topic);
        } catch (TimeoutException e) {
          throw noAnswer(TOPIC_CHECK_TIMEOUT, e);
        }
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("topic" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing)
          + " not found at " + bootstrapServers() + "; create the engine's topics with `recsys topics create`");
    }
  }
}
