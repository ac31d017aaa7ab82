package dev.recsys.ingest.broker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How to run a {@link LocalKafkaBroker}. Every field is checked here, so a bad value fails before any
 * file is written or process started, with an {@link IllegalArgumentException} that names the field.
 *
 * @param dataDir where server.properties, the Kafka log dirs and (by default) the broker's log file live
 * @param host the host name the broker listens on and advertises to clients
 * @param port the client (PLAINTEXT) port
 * @param controllerPort the KRaft controller port; a single-node broker is its own controller
 * @param startTimeout how long {@link LocalKafkaBroker#start} waits for the broker to answer
 * @param jvmOptions options for the broker's JVM, e.g. its heap size
 * @param overrides broker properties applied after the defaults, so they win
 * @param classpath the broker JVM's classpath; it must hold the Kafka broker (kafka_2.13) and its dependencies
 * @param logFile where the broker's stdout and stderr are appended
 */
public record BrokerSettings(Path dataDir, String host, int port, int controllerPort, Duration startTimeout,
    List<String> jvmOptions, Map<String, String> overrides, String classpath, Path logFile) {

  public static final String DEFAULT_HOST = "localhost";
  public static final int DEFAULT_PORT = 9092;
  public static final int DEFAULT_CONTROLLER_PORT = 9093;
  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);
  /** A single-node development broker needs little heap; Kafka's own scripts default to 1 GiB too. */
  public static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xmx1g");
  public static final String DEFAULT_LOG_FILE_NAME = "broker.log";

  public BrokerSettings {
    require(dataDir != null, "dataDir", "is required");
    require(host != null && !host.isBlank(), "host", "is required");
    require(host.strip().equals(host), "host", "has surrounding spaces: '" + host + "'");
    requirePort(port, "port");
    requirePort(controllerPort, "controllerPort");
    require(port != controllerPort, "controllerPort", "must differ from port (both are " + port + ")");
    require(startTimeout != null && !startTimeout.isNegative() && !startTimeout.isZero(), "startTimeout",
        "must be positive, was " + startTimeout);
    require(jvmOptions != null, "jvmOptions", "is required");
    for (String option : jvmOptions) {
      require(option != null && !option.isBlank(), "jvmOptions", "holds a blank option: " + jvmOptions);
    }
    require(overrides != null, "overrides", "is required");
    for (Map.Entry<String, String> entry : overrides.entrySet()) {
      require(entry.getKey() != null && !entry.getKey().isBlank(), "overrides", "holds a blank property name");
      require(entry.getValue() != null, "overrides", "property " + entry.getKey() + " has no value");
    }
    require(classpath != null && !classpath.isBlank(), "classpath", "is required");
    require(logFile != null, "logFile", "is required");
    jvmOptions = List.copyOf(jvmOptions);
    // Kept in the caller's order: it is the order the properties file lists them in.
    overrides = Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
  }

  /** Settings with every default, for a broker keeping its data in {@code dataDir}. */
  public static BrokerSettings of(Path dataDir) {
    return builder(dataDir).build();
  }

  public static Builder builder(Path dataDir) {
    return new Builder(dataDir);
  }

  /** host:port, as Kafka clients take it in {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return host + ":" + port;
  }

  private static void requirePort(int value, String field) {
    require(value >= 1 && value <= 65535, field, "must be between 1 and 65535, was " + value);
  }

  private static void require(boolean condition, String field, String problem) {
    if (!condition) {
      throw new IllegalArgumentException("broker setting " + field + " " + problem);
    }
  }

  /** Defaults for everything but the data dir; the log file defaults to {@code <dataDir>/broker.log}. */
  public static final class Builder {
    private final Path dataDir;
    private String host = DEFAULT_HOST;
    private int port = DEFAULT_PORT;
    private int controllerPort = DEFAULT_CONTROLLER_PORT;
    private Duration startTimeout = DEFAULT_START_TIMEOUT;
    private List<String> jvmOptions = DEFAULT_JVM_OPTIONS;
    private Map<String, String> overrides = Map.of();
    private String classpath = System.getProperty("java.class.path");
    private Path logFile;

    private Builder(Path dataDir) {
      this.dataDir = dataDir;
    }

    public Builder host(String host) {
      this.host = host;
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder controllerPort(int controllerPort) {
      this.controllerPort = controllerPort;
      return this;
    }

    public Builder startTimeout(Duration startTimeout) {
      this.startTimeout = startTimeout;
      return this;
    }

    public Builder jvmOptions(List<String> jvmOptions) {
      this.jvmOptions = jvmOptions;
      return this;
    }

    public Builder overrides(Map<String, String> overrides) {
      this.overrides = overrides;
      return this;
    }

    public Builder classpath(String classpath) {
      this.classpath = classpath;
      return this;
    }

    /** Null means the default, {@code <dataDir>/broker.log}. */
    public Builder logFile(Path logFile) {
      this.logFile = logFile;
      return this;
    }

    public BrokerSettings build() {
      Path log = logFile != null ? logFile : dataDir == null ? null : dataDir.resolve(DEFAULT_LOG_FILE_NAME);
      return new BrokerSettings(dataDir, host, port, controllerPort, startTimeout, jvmOptions, overrides,
          classpath, log);
    }
  }
}
