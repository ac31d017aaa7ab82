package dev.recsys.ingest.broker;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one, node 1) running in a child JVM,
 * for development and tests. The child runs Kafka from the classpath (by default this JVM's), logs to
 * a file, and stops when {@link #close()} is called or when this JVM dies. Its data lives in the data
 * dir and survives a restart: storage is formatted only on the first start.
 */
public final class LocalKafkaBroker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalKafkaBroker.class);
  /** Kafka flushes logs and writes a clean-shutdown marker on SIGTERM; give it the time it needs. */
  static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  private static final long POLL_MILLIS = 100;
  /** For a connection to the broker's port; it is local, so a second is plenty. */
  private static final int CONNECT_TIMEOUT_MILLIS = 1000;

  private final BrokerSettings settings;
  private final Process process;
  private boolean closed;

  private LocalKafkaBroker(BrokerSettings settings, Process process) {
    this.settings = settings;
    this.process = process;
  }

  /**
   * Starts a broker and returns once it answers clients at {@link #bootstrapServers()}.
   *
   * @throws IOException if a port is taken, the data dir is unusable, formatting fails, or the broker
   *     exits or does not answer within the start timeout (the message then ends with its log's last lines)
   */
  public static LocalKafkaBroker start(BrokerSettings settings) throws IOException {
    long started = System.nanoTime();
    Path dataDir = prepareDataDir(settings.dataDir());
    requireFree(settings.host(), settings.port(), "port");
    requireFree(settings.host(), settings.controllerPort(), "controller port");
    Map<String, String> properties = BrokerFiles.serverProperties(settings);
    List<Path> logDirs = BrokerFiles.logDirs(properties);
    if (logDirs.isEmpty()) {
      throw new IllegalArgumentException("broker property log.dirs names no directory");
    }
    Path serverProperties = BrokerFiles.writeServerProperties(dataDir, properties);
    Path logbackConfig = BrokerFiles.writeLogbackConfig(dataDir);
    Path parent = settings.logFile().toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    if (logDirs.stream().noneMatch(dir -> Files.exists(dir.resolve("meta.properties")))) {
      format(settings, serverProperties, logbackConfig, logDirs);
    }

    long mark = LogTail.mark(settings.logFile());
    appendLine(settings.logFile(), "--- recsys: starting the Kafka broker at " + Instant.now());
    Process process = startJava(settings, logbackConfig, BrokerMain.class.getName(),
        List.of(serverProperties.toString()));
    LocalKafkaBroker broker = new LocalKafkaBroker(settings, process);
    try {
      broker.awaitAnswer(started, mark);
    } catch (Throwable e) {
      broker.kill();
      throw e;
    }
    return broker;
  }

  public String bootstrapServers() {
    return settings.bootstrapServers();
  }

  public Path logFile() {
    return settings.logFile();
  }

  public Path dataDir() {
    return settings.dataDir();
  }

  public BrokerSettings settings() {
    return settings;
  }

  /** The broker JVM's process id. */
  public long pid() {
    return process.pid();
  }

  public boolean isRunning() {
    return process.isAlive();
  }

  /** Blocks until the broker JVM exits, however it stops, and returns its exit status. */
  public int awaitExit() throws InterruptedException {
    return process.waitFor();
  }

  /**
   * Stops the broker: SIGTERM, so Kafka shuts down cleanly, then after {@link #STOP_TIMEOUT} a kill.
   * Idempotent; a second caller waits until the first has stopped the broker.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("Kafka broker (pid {}) did not stop within {} s of SIGTERM; killing it", process.pid(),
            STOP_TIMEOUT.toSeconds());
        kill();
      }
    } catch (InterruptedException e) {
      kill();
      Thread.currentThread().interrupt();
    } finally {
      descendants.forEach(ProcessHandle::destroyForcibly);
    }
  }

  /** Kills the broker JVM and whatever it started, without waiting for a clean shutdown. */
  private void kill() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    // The port and the data dir's lock are free only once the process is gone.
    process.onExit().join();
  }

  private void awaitAnswer(long started, long mark) throws IOException {
    long deadline = started + settings.startTimeout().toNanos();
    Admin admin = null;
    try {
      // An Admin client connects as soon as it is created and logs a warning per failed attempt, so it is
      // created only once the broker's port is open.
      while (!accepts(settings.host(), settings.port())) {
        checkStarting(deadline, mark, null);
        Thread.sleep(POLL_MILLIS);
      }
      admin = Admin.create(probeConfig());
      Throwable lastError = null;
      KafkaFuture<Collection<Node>> nodes = null;
      while (true) {
        checkStarting(deadline, mark, lastError);
        if (nodes == null) {
          // Bounded by the start deadline only: a cold first request can take seconds on a busy machine, and
          // the loop notices a dying broker without a short request timeout.
          long remaining = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
          nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) Math.min(remaining,
              Integer.MAX_VALUE))).nodes();
        }
        try {
          if (!nodes.get(POLL_MILLIS, TimeUnit.MILLISECONDS).isEmpty()) {
            LOG.info("Kafka broker (pid {}) answered at {} after {} s", process.pid(), bootstrapServers(),
                String.format(Locale.ROOT, "%.1f", (System.nanoTime() - started) / 1e9));
            return;
          }
          nodes = null;
        } catch (TimeoutException e) {
          // Still waiting for the answer; check on the broker JVM and wait again.
        } catch (ExecutionException e) {
          lastError = e.getCause();
          nodes = null;
          Thread.sleep(POLL_MILLIS);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for the Kafka broker at " + bootstrapServers());
    } finally {
      if (admin != null) {
        // Without a timeout, close waits for a pending request, which may be waiting on a dead broker.
        admin.close(Duration.ZERO);
      }
    }
  }

  /** Throws if the broker JVM has exited or the start timeout has passed. */
  private void checkStarting(long deadline, long mark, Throwable lastError) throws IOException {
    if (!process.isAlive()) {
      throw new IOException("the Kafka broker exited with status " + process.exitValue() + " while starting; "
          + "last lines of " + logFile() + ":\n" + LogTail.since(logFile(), mark));
    }
    if (System.nanoTime() - deadline > 0) {
      throw new IOException("the Kafka broker did not answer at " + bootstrapServers() + " within "
          + describe(settings.startTimeout()) + (lastError == null ? "" : " (" + lastError + ")")
          + "; stopped it. Last lines of " + logFile() + ":\n" + LogTail.since(logFile(), mark));
    }
  }

  private Map<String, Object> probeConfig() {
    return Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
        AdminClientConfig.CLIENT_ID_CONFIG, "recsys-broker-start",
        AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, POLL_MILLIS,
        AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 5 * POLL_MILLIS,
        AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, POLL_MILLIS,
        AdminClientConfig.RETRY_BACKOFF_MAX_MS_CONFIG, 5 * POLL_MILLIS);
  }

  private static boolean accepts(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static Path prepareDataDir(Path dataDir) throws IOException {
    if (Files.exists(dataDir) && !Files.isDirectory(dataDir)) {
      throw new IOException("the Kafka data dir " + dataDir + " is not a directory");
    }
    Files.createDirectories(dataDir);
    if (!Files.isWritable(dataDir)) {
      throw new AccessDeniedException(dataDir.toString(), null, "the Kafka data dir is not writable");
    }
    return dataDir;
  }

  /** Fails fast, before anything is started, when something already listens on a port the broker needs. */
  private static void requireFree(String host, int port, String name) throws IOException {
    InetSocketAddress address = new InetSocketAddress(host, port);
    if (address.isUnresolved()) {
      throw new IOException("cannot resolve the Kafka broker's host '" + host + "'");
    }
    try (ServerSocket socket = new ServerSocket()) {
      // As Kafka does: a port a stopped broker left in TIME_WAIT can be listened on again at once.
      socket.setReuseAddress(true);
      socket.bind(address);
    } catch (BindException e) {
      throw new IOException("the Kafka broker's " + name + " " + port + " on " + host + " is not free ("
          + e.getMessage() + "); stop what listens there or choose another " + name, e);
    }
  }

  /**
   * Formats the storage of a new broker: a fresh cluster id, and a KRaft quorum of this one controller
   * ({@code --standalone}). Its output goes to the log file.
   */
  private static void format(BrokerSettings settings, Path serverProperties, Path logbackConfig,
      List<Path> logDirs) throws IOException {
    String clusterId = Uuid.randomUuid().toString();
    long mark = LogTail.mark(settings.logFile());
    appendLine(settings.logFile(), "--- recsys: formatting Kafka storage in " + logDirs + " at " + Instant.now());
    Process tool = startJava(settings, logbackConfig, "kafka.tools.StorageTool",
        List.of("format", "-t", clusterId, "-c", serverProperties.toString(), "--standalone"));
    int status;
    try {
      if (!tool.waitFor(settings.startTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
        tool.destroyForcibly().onExit().join();
        throw new IOException("formatting Kafka storage in " + logDirs + " took longer than "
            + describe(settings.startTimeout()) + "; last lines of " + settings.logFile() + ":\n"
            + LogTail.since(settings.logFile(), mark));
      }
      status = tool.exitValue();
    } catch (InterruptedException e) {
      tool.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while formatting Kafka storage in " + logDirs);
    }
    if (status != 0) {
      throw new IOException("formatting Kafka storage in " + logDirs + " failed with exit status " + status
          + "; last lines of " + settings.logFile() + ":\n" + LogTail.since(settings.logFile(), mark));
    }
    LOG.info("formatted Kafka storage in {} (cluster id {})", logDirs, clusterId);
  }

  /** A JVM running {@code mainClass} from the settings' classpath, its output appended to the log file. */
  private static Process startJava(BrokerSettings settings, Path logbackConfig, String mainClass, List<String> args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(javaBinary());
    command.addAll(settings.jvmOptions());
    command.add("-Dlogback.configurationFile=" + logbackConfig.toAbsolutePath());
    command.add("-D" + BrokerMain.PARENT_PID_PROPERTY + "=" + ProcessHandle.current().pid());
    command.add("-cp");
    command.add(settings.classpath());
    command.add(mainClass);
    command.addAll(args);
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(settings.logFile().toFile()))
        .start();
    // Kafka never reads stdin; closing it means the child cannot block on a pipe nobody writes to.
    process.getOutputStream().close();
    return process;
  }

  /** The java launcher of this JVM, so the broker runs on the same Java. */
  private static String javaBinary() {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    if (Files.isExecutable(java)) {
      return java.toString();
    }
    return ProcessHandle.current().info().command().orElse("java");
  }

  private static String describe(Duration duration) {
    return duration.toMillis() < 1000 ? duration.toMillis() + " ms" : duration.toSeconds() + " s";
  }

  private static void appendLine(Path file, String line) throws IOException {
    Files.writeString(file, line + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }
}
