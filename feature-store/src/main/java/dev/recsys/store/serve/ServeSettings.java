package dev.recsys.store.serve;

import dev.recsys.events.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How to run a {@link FeatureStoreServer}: every setting, its default and its check, in one place.
 * A bad value fails here, before a port is bound or a store opened, with an {@link
 * IllegalArgumentException} naming the field.
 *
 * @param host the address the HTTP API listens on ({@code 0.0.0.0}: every interface)
 * @param port the HTTP port; 0 picks a free one ({@link FeatureStoreServer#port()} says which)
 * @param storeDir the RocksDB directory holding sequences, vocabulary, recommendations, the model
 *     announcement and the feeds' offsets; created if missing
 * @param kafka Kafka client settings passed to the feeds' consumers as is; must hold
 *     {@code bootstrap.servers}
 * @param userActionsTopic validated user actions (sequences and vocabulary are built from it)
 * @param recommendationsTopic the streaming job's latest top-K per user
 * @param modelUpdatesTopic model announcements
 * @param historyDefault how many events {@code /users/{id}/history} returns without {@code limit}
 * @param historyMax the largest {@code limit} accepted
 * @param maxRequestHeaderBytes the request line and headers together; larger requests get 431
 * @param idleTimeout how long an idle connection is kept open
 * @param maxThreads the HTTP thread pool's bound (acceptor and selector included)
 */
public record ServeSettings(String host, int port, Path storeDir, Map<String, Object> kafka,
    String userActionsTopic, String recommendationsTopic, String modelUpdatesTopic,
    int historyDefault, int historyMax, int maxRequestHeaderBytes, Duration idleTimeout, int maxThreads) {

  public static final String DEFAULT_HOST = "0.0.0.0";
  public static final int DEFAULT_PORT = 8080;
  public static final String DEFAULT_STORE_DIR = ".recsys/serving";
  public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
  public static final String DEFAULT_BOOTSTRAP_SERVERS = "localhost:9092";
  public static final int DEFAULT_HISTORY = 50;
  public static final int DEFAULT_HISTORY_MAX = 1000;
  /** Ample for a GET with a 256-character id; Jetty's own default is 8 KiB. */
  public static final int DEFAULT_MAX_REQUEST_HEADER_BYTES = 8 * 1024;
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
  /** Reads are short RocksDB lookups, so a few threads per core keep the cores busy. */
  public static final int DEFAULT_MAX_THREADS = 32;
  /** Jetty needs an acceptor, a selector and a few reserved threads before any request is served. */
  public static final int MIN_THREADS = 8;
  private static final int MAX_HISTORY_BOUND = 100_000;

  public ServeSettings {
    require(host != null && !host.isBlank() && host.strip().equals(host), "host", "must be a host name or address, was '" + host + "'");
    require(port >= 0 && port <= 65535, "port", "must be between 0 (any free port) and 65535, was " + port);
    require(storeDir != null, "storeDir", "is required");
    require(kafka != null, "kafka", "is required");
    for (Map.Entry<String, Object> entry : kafka.entrySet()) {
      require(entry.getKey() != null && !entry.getKey().isBlank(), "kafka", "holds a blank property name");
      require(entry.getValue() != null, "kafka", "property " + entry.getKey() + " has no value");
    }
    Object servers = kafka.get(BOOTSTRAP_SERVERS);
    require(servers != null && !servers.toString().isBlank(), "kafka", BOOTSTRAP_SERVERS + " is required");
    requireTopic(userActionsTopic, "userActionsTopic");
    requireTopic(recommendationsTopic, "recommendationsTopic");
    requireTopic(modelUpdatesTopic, "modelUpdatesTopic");
    require(!userActionsTopic.equals(recommendationsTopic) && !userActionsTopic.equals(modelUpdatesTopic)
        && !recommendationsTopic.equals(modelUpdatesTopic), "topics",
        "must be three different topics, were " + userActionsTopic + ", " + recommendationsTopic + ", " + modelUpdatesTopic);
    require(historyMax >= 1 && historyMax <= MAX_HISTORY_BOUND, "historyMax",
        "must be between 1 and " + MAX_HISTORY_BOUND + ", was " + historyMax);
    require(historyDefault >= 1 && historyDefault <= historyMax, "historyDefault",
        "must be between 1 and historyMax (" + historyMax + "), was " + historyDefault);
    require(maxRequestHeaderBytes >= 1024 && maxRequestHeaderBytes <= 1024 * 1024, "maxRequestHeaderBytes",
        "must be between 1024 and 1048576, was " + maxRequestHeaderBytes);
    require(idleTimeout != null && !idleTimeout.isNegative() && !idleTimeout.isZero()
        && idleTimeout.toMillis() <= Integer.MAX_VALUE, "idleTimeout", "must be positive (and under 24 days), was " + idleTimeout);
    require(maxThreads >= MIN_THREADS && maxThreads <= 10_000, "maxThreads",
        "must be between " + MIN_THREADS + " and 10000, was " + maxThreads);
    kafka = Collections.unmodifiableMap(new LinkedHashMap<>(kafka));
  }

  /** Every default; Kafka at {@value #DEFAULT_BOOTSTRAP_SERVERS}. */
  public static ServeSettings defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public String bootstrapServers() {
    return kafka.get(BOOTSTRAP_SERVERS).toString();
  }

  private static void requireTopic(String topic, String field) {
    require(topic != null && !topic.isBlank() && topic.strip().equals(topic), field, "must be a topic name, was '" + topic + "'");
  }

  private static void require(boolean condition, String field, String problem) {
    if (!condition) {
      throw new IllegalArgumentException("serve setting " + field + " " + problem);
    }
  }

  /** Starts from every default. */
  public static final class Builder {
    private String host = DEFAULT_HOST;
    private int port = DEFAULT_PORT;
    private Path storeDir = Path.of(DEFAULT_STORE_DIR);
    private final Map<String, Object> kafka = new LinkedHashMap<>(Map.of(BOOTSTRAP_SERVERS, DEFAULT_BOOTSTRAP_SERVERS));
    private String userActionsTopic = Topics.VALID;
    private String recommendationsTopic = Topics.RECOMMENDATIONS;
    private String modelUpdatesTopic = Topics.MODEL_UPDATES;
    private int historyDefault = DEFAULT_HISTORY;
    private int historyMax = DEFAULT_HISTORY_MAX;
    private int maxRequestHeaderBytes = DEFAULT_MAX_REQUEST_HEADER_BYTES;
    private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
    private int maxThreads = DEFAULT_MAX_THREADS;

    private Builder() {}

    public Builder host(String host) {
      this.host = host;
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder storeDir(Path storeDir) {
      this.storeDir = storeDir;
      return this;
    }

    public Builder bootstrapServers(String servers) {
      kafka.put(BOOTSTRAP_SERVERS, servers);
      return this;
    }

    /** Kafka client settings, added to (and overriding) what is set so far. */
    public Builder kafka(Map<String, ?> settings) {
      kafka.putAll(settings);
      return this;
    }

    public Builder userActionsTopic(String topic) {
      this.userActionsTopic = topic;
      return this;
    }

    public Builder recommendationsTopic(String topic) {
      this.recommendationsTopic = topic;
      return this;
    }

    public Builder modelUpdatesTopic(String topic) {
      this.modelUpdatesTopic = topic;
      return this;
    }

    public Builder historyDefault(int historyDefault) {
      this.historyDefault = historyDefault;
      return this;
    }

    public Builder historyMax(int historyMax) {
      this.historyMax = historyMax;
      return this;
    }

    public Builder maxRequestHeaderBytes(int bytes) {
      this.maxRequestHeaderBytes = bytes;
      return this;
    }

    public Builder idleTimeout(Duration idleTimeout) {
      this.idleTimeout = idleTimeout;
      return this;
    }

    public Builder maxThreads(int maxThreads) {
      this.maxThreads = maxThreads;
      return this;
    }

    public ServeSettings build() {
      return new ServeSettings(host, port, storeDir, kafka, userActionsTopic, recommendationsTopic,
          modelUpdatesTopic, historyDefault, historyMax, maxRequestHeaderBytes, idleTimeout, maxThreads);
    }
  }
}
