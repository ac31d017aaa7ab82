package dev.recsys.stream.submit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recsys.ingest.Ports;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A standalone Flink session cluster, one JobManager and one TaskManager JVM, started from the
 * Flink jars on the test classpath (there is no Flink distribution here) and driven through its
 * REST API as an operator would drive a real one. The cluster's classpath plays the part of a
 * distribution's lib/: Flink and logback, but none of what the job jar must bring itself.
 */
final class FlinkSessionCluster implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final int LOG_TAIL_LINES = 80;

  /** TaskManager memory, spelled out: TaskManagerRunner (unlike taskmanager.sh) derives none of it. */
  private static final int TM_FRAMEWORK_HEAP_MB = 128;
  private static final int TM_TASK_HEAP_MB = 384;
  private static final int TM_MANAGED_MB = 256;
  private static final int TM_NETWORK_MB = 64;
  private static final int TM_FRAMEWORK_OFF_HEAP_MB = 128;
  /** ND4J's buffers are off-heap (javacpp, capped by its maxbytes below, not by Flink). */
  private static final int TM_TASK_OFF_HEAP_MB = 512;
  private static final int METASPACE_MB = 256;
  private static final int TM_OVERHEAD_MB = 192;
  private static final int JM_PROCESS_MB = 1024;
  private static final int JM_HEAP_MB = 448;

  private final Path dir;
  private final Path configDir;
  private final int restPort;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final List<Node> nodes = new ArrayList<>();
  private final Thread shutdownHook;

  private record Node(String name, Process process, Path log) {}

  private FlinkSessionCluster(Path dir, int restPort) {
    this.dir = dir;
    this.configDir = dir.resolve("conf");
    this.restPort = restPort;
    this.shutdownHook = new Thread(this::destroyAll, "flink-test-cluster-shutdown");
  }

  /**
   * Writes the configuration under {@code dir} and starts both JVMs without waiting for them
   * ({@link #awaitReady()} does), so a caller can prepare the rest meanwhile.
   *
   * @param moduleDir the streaming-job module directory (for src/main/config/jvm-options)
   */
  static FlinkSessionCluster launch(Path dir, Path moduleDir) throws IOException {
    int[] ports = Ports.free(2);
    FlinkSessionCluster cluster = new FlinkSessionCluster(dir, ports[1]);
    Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
    try {
      cluster.writeConfig(ports[0]);
      List<String> jvmOpens = readJvmOptions(moduleDir.resolve("src/main/config/jvm-options"));
      Path launcherDir = cluster.writeLauncher();
      String classpath = clusterClasspath(launcherDir);
      // javacpp unpacks ND4J's natives (~400 MB) per jar file name, and every submitted jar has a
      // new blob name: in the default ~/.javacpp/cache each run would leave a copy behind.
      String javacppCache = "-Dorg.bytedeco.javacpp.cachedir=" + dir.resolve("javacpp-cache");
      cluster.launch("jobmanager", "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint", classpath,
          jvmOpens, List.of("-Xmx" + JM_HEAP_MB + "m", "-XX:MaxMetaspaceSize=" + METASPACE_MB + "m", javacppCache));
      cluster.launch("taskmanager", "org.apache.flink.runtime.taskexecutor.TaskManagerRunner", classpath, jvmOpens,
          List.of("-Xmx" + (TM_FRAMEWORK_HEAP_MB + TM_TASK_HEAP_MB) + "m",
              "-XX:MaxDirectMemorySize=" + (TM_FRAMEWORK_OFF_HEAP_MB + TM_TASK_OFF_HEAP_MB + TM_NETWORK_MB) + "m",
              "-XX:MaxMetaspaceSize=" + METASPACE_MB + "m",
              "-Dorg.bytedeco.javacpp.maxbytes=" + TM_TASK_OFF_HEAP_MB + "m",
              "-Dorg.bytedeco.javacpp.maxphysicalbytes=4g", javacppCache));
      return cluster;
    } catch (IOException | RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
  }

  /** Waits until the REST API reports the TaskManager's slot as free; fails with both logs if not. */
  void awaitReady() throws InterruptedException {
    try {
      awaitFreeSlot();
    } catch (RuntimeException e) {
      throw new IllegalStateException("the Flink session cluster did not start: " + e.getMessage() + "\n" + logTails(), e);
    }
  }

  String restUrl() {
    return "http://localhost:" + restPort;
  }

  /** {@code POST /jars/upload}: the id {@code /jars/<id>/run} takes. */
  String uploadJar(Path jar) throws IOException, InterruptedException {
    String boundary = "----recsys-" + UUID.randomUUID();
    String head = "--" + boundary + "\r\n"
        + "Content-Disposition: form-data; name=\"jarfile\"; filename=\"" + jar.getFileName() + "\"\r\n"
        + "Content-Type: application/x-java-archive\r\n\r\n";
    String tail = "\r\n--" + boundary + "--\r\n";
    HttpRequest request = HttpRequest.newBuilder(URI.create(restUrl() + "/jars/upload"))
        .timeout(Duration.ofMinutes(2))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.concat(
            HttpRequest.BodyPublishers.ofString(head),
            HttpRequest.BodyPublishers.ofFile(jar),
            HttpRequest.BodyPublishers.ofString(tail)))
        .build();
    JsonNode answer = send(request, 200);
    if (!"success".equals(answer.path("status").asText())) {
      throw new IllegalStateException("jar upload refused: " + answer);
    }
    // The answer names the stored file; its name is the jar id.
    return Path.of(answer.path("filename").asText()).getFileName().toString();
  }

  /** {@code POST /jars/<id>/run}: runs the jar's main class on the JobManager; the job's id. */
  String runJar(String jarId, List<String> programArgs) throws IOException, InterruptedException {
    String body = JSON.writeValueAsString(Map.of("programArgsList", programArgs));
    HttpRequest request = HttpRequest.newBuilder(URI.create(restUrl() + "/jars/" + jarId + "/run"))
        .timeout(Duration.ofMinutes(2))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
    return send(request, 200).path("jobid").asText();
  }

  /** The job's state, e.g. RUNNING, FAILED, CANCELED. */
  String jobState(String jobId) throws IOException, InterruptedException {
    return get("/jobs/" + jobId).path("state").asText();
  }

  /** Waits until the job and every one of its tasks run (or the job ends, which is returned). */
  String awaitRunning(String jobId, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String state = "";
    while (System.nanoTime() < deadline) {
      JsonNode job = get("/jobs/" + jobId);
      state = job.path("state").asText();
      if (isTerminal(state)) {
        return state;
      }
      boolean allRunning = job.path("vertices").size() > 0;
      for (JsonNode vertex : job.path("vertices")) {
        allRunning &= "RUNNING".equals(vertex.path("status").asText());
      }
      if ("RUNNING".equals(state) && allRunning) {
        return state;
      }
      Thread.sleep(200);
    }
    return state;
  }

  /** {@code PATCH /jobs/<id>?mode=cancel}, then waits until the job has ended; its final state. */
  String cancel(String jobId, Duration timeout) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(restUrl() + "/jobs/" + jobId + "?mode=cancel"))
        .timeout(Duration.ofSeconds(30))
        .method("PATCH", HttpRequest.BodyPublishers.noBody())
        .build();
    send(request, 202);
    long deadline = System.nanoTime() + timeout.toNanos();
    String state = jobState(jobId);
    while (!isTerminal(state) && System.nanoTime() < deadline) {
      Thread.sleep(100);
      state = jobState(jobId);
    }
    return state;
  }

  /** The job's state and root exception, for a failure message; never throws. */
  String describeJob(String jobId) {
    try {
      JsonNode exceptions = get("/jobs/" + jobId + "/exceptions");
      String root = exceptions.path("root-exception").asText("");
      if (root.isEmpty()) {
        JsonNode history = exceptions.path("exceptionHistory").path("entries");
        root = history.size() > 0 ? history.get(0).path("stacktrace").asText("") : "";
      }
      return "job " + jobId + " is " + jobState(jobId) + (root.isEmpty() ? "" : "; its failure:\n" + root);
    } catch (IOException | RuntimeException e) {
      return "job " + jobId + ": no answer from the REST API (" + e + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "job " + jobId + ": interrupted";
    }
  }

  /** The last lines of each JVM's log, for a failure message. */
  String logTails() {
    StringBuilder tails = new StringBuilder();
    for (Node node : nodes) {
      tails.append("---- last ").append(LOG_TAIL_LINES).append(" lines of the ").append(node.name()).append(" log (")
          .append(node.log()).append(node.process().isAlive() ? "" : ", exited " + node.process().exitValue())
          .append(") ----\n");
      try {
        List<String> lines = Files.readAllLines(node.log(), StandardCharsets.UTF_8);
        lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size())
            .forEach(line -> tails.append(line).append('\n'));
      } catch (IOException | UncheckedIOException e) {
        tails.append("(unreadable: ").append(e).append(")\n");
      }
    }
    return tails.toString();
  }

  /** The TaskManager's log, for checks on what the job did there. */
  Path taskManagerLog() {
    return nodes.stream().filter(node -> node.name().equals("taskmanager")).findFirst().orElseThrow().log();
  }

  @Override
  public void close() {
    destroyAll();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // The hook is running or has run; it does the same.
    }
  }

  /** SIGTERM to both (Flink shuts down cleanly), SIGKILL to whatever is still up after 10 s. */
  private void destroyAll() {
    for (Node node : nodes) {
      node.process().destroy();
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    for (Node node : nodes) {
      try {
        long left = Math.max(0, deadline - System.nanoTime());
        if (!node.process().waitFor(left, java.util.concurrent.TimeUnit.NANOSECONDS)) {
          node.process().destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        node.process().destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  private void writeConfig(int rpcPort) throws IOException {
    Files.createDirectories(configDir);
    Map<String, String> config = new LinkedHashMap<>();
    config.put("jobmanager.rpc.address", "localhost");
    config.put("jobmanager.rpc.port", Integer.toString(rpcPort));
    config.put("jobmanager.bind-host", "localhost");
    config.put("jobmanager.memory.process.size", JM_PROCESS_MB + "m");
    config.put("rest.address", "localhost");
    config.put("rest.bind-address", "localhost");
    config.put("rest.port", Integer.toString(restPort));
    // The job jar carries ND4J's natives (~150 MB); the REST API refuses bodies over 100 MiB by default.
    config.put("rest.server.max-content-length", Integer.toString(512 * 1024 * 1024));
    config.put("web.upload.dir", dir.resolve("web-upload").toString());
    config.put("taskmanager.host", "localhost");
    config.put("taskmanager.bind-host", "localhost");
    config.put("taskmanager.numberOfTaskSlots", "1");
    config.put("taskmanager.cpu.cores", "1");
    config.put("taskmanager.memory.framework.heap.size", TM_FRAMEWORK_HEAP_MB + "m");
    config.put("taskmanager.memory.task.heap.size", TM_TASK_HEAP_MB + "m");
    config.put("taskmanager.memory.managed.size", TM_MANAGED_MB + "m");
    config.put("taskmanager.memory.network.min", TM_NETWORK_MB + "m");
    config.put("taskmanager.memory.network.max", TM_NETWORK_MB + "m");
    config.put("taskmanager.memory.framework.off-heap.size", TM_FRAMEWORK_OFF_HEAP_MB + "m");
    config.put("taskmanager.memory.task.off-heap.size", TM_TASK_OFF_HEAP_MB + "m");
    config.put("taskmanager.memory.jvm-metaspace.size", METASPACE_MB + "m");
    config.put("taskmanager.memory.jvm-overhead.min", TM_OVERHEAD_MB + "m");
    config.put("taskmanager.memory.jvm-overhead.max", TM_OVERHEAD_MB + "m");
    config.put("parallelism.default", "1");
    config.put("state.backend.type", "rocksdb");
    config.put("execution.checkpointing.dir", dir.resolve("checkpoints").toUri().toString());
    // RocksDB's working files and the blob caches, under the test's directory rather than /tmp.
    config.put("io.tmp.dirs", Files.createDirectories(dir.resolve("io-tmp")).toString());
    config.put("blob.storage.directory", Files.createDirectories(dir.resolve("blobs")).toString());
    // A failing job must fail the test at once, with its exception, not restart until the timeout.
    config.put("restart-strategy.type", "none");
    StringBuilder yaml = new StringBuilder();
    // Values quoted: YAML would otherwise read "1" as a number and paths with ':' as mappings.
    config.forEach((key, value) -> yaml.append(key).append(": '").append(value.replace("'", "''")).append("'\n"));
    Files.writeString(configDir.resolve("config.yaml"), yaml);
    Files.writeString(configDir.resolve("logback.xml"), """
        <configuration>
          <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
            <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
          </appender>
          <logger name="org.apache.kafka" level="WARN"/>
          <logger name="org.apache.flink.shaded" level="WARN"/>
          <root level="INFO"><appender-ref ref="out"/></root>
        </configuration>
        """);
  }

  /** The {@link ParentWatch} class alone in a directory, so the cluster gets none of the test classes. */
  private Path writeLauncher() throws IOException {
    String resource = ParentWatch.class.getName().replace('.', '/') + ".class";
    Path target = dir.resolve("launcher").resolve(resource);
    Files.createDirectories(target.getParent());
    try (var in = ParentWatch.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("no " + resource + " on the test classpath");
      }
      Files.copy(in, target);
    }
    return dir.resolve("launcher");
  }

  private void launch(String name, String mainClass, String classpath, List<String> jvmOpens, List<String> memory)
      throws IOException {
    Path log = dir.resolve(name + ".log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(memory);
    command.addAll(jvmOpens);
    command.add("-Dlogback.configurationFile=" + configDir.resolve("logback.xml"));
    command.add("-cp");
    command.add(classpath);
    command.add(ParentWatch.class.getName());
    command.add(Long.toString(ProcessHandle.current().pid()));
    command.add(mainClass);
    command.add("--configDir");
    command.add(configDir.toString());
    Process process = new ProcessBuilder(command)
        .directory(dir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    process.getOutputStream().close();
    nodes.add(new Node(name, process, log));
  }

  private void awaitFreeSlot() throws InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    String last = "no answer yet";
    while (System.nanoTime() < deadline) {
      for (Node node : nodes) {
        if (!node.process().isAlive()) {
          throw new IllegalStateException("the " + node.name() + " exited with status " + node.process().exitValue());
        }
      }
      try {
        JsonNode overview = get("/overview");
        last = overview.toString();
        if (overview.path("taskmanagers").asInt() == 1 && overview.path("slots-available").asInt() >= 1) {
          return;
        }
      } catch (IOException | IllegalStateException notReadyYet) {
        // Not listening yet, or 503 while the JobManager elects its (only) leader.
        last = notReadyYet.getMessage();
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("no free TaskManager slot after " + START_TIMEOUT + "; /overview: " + last);
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(restUrl() + path)).timeout(Duration.ofSeconds(10)).GET().build(), 200);
  }

  private JsonNode send(HttpRequest request, int expectedStatus) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != expectedStatus) {
      throw new IllegalStateException(request.method() + " " + request.uri() + " answered " + response.statusCode()
          + ": " + response.body());
    }
    String body = response.body();
    return body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
  }

  private static boolean isTerminal(String state) {
    return switch (state) {
      case "FINISHED", "FAILED", "CANCELED", "SUSPENDED" -> true;
      default -> false;
    };
  }

  /** One flag a line, as the ./recsys launcher reads the same file. */
  static List<String> readJvmOptions(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("no " + file + ": the cluster JVMs need its --add-opens flags");
    }
    try (Stream<String> lines = Files.lines(file)) {
      return lines.map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    }
  }

  /**
   * The test classpath as a stand-in for a Flink distribution's lib/: without our own classes
   * (directories, module jars, dev.recsys artifacts) and without what the job jar must carry. ND4J
   * and javacpp must come from the jar (they are what the user-code classloader is tested with);
   * the Kafka connector must too, and it is in org.apache.flink, which Flink loads parent-first, so
   * a copy here would hide a jar that lacks it. Kafka, picocli and Jackson are not in a distribution.
   * Maven's forked JVM keeps the real classpath in surefire.test.class.path (java.class.path
   * is a one-entry manifest jar there).
   */
  static String clusterClasspath(Path launcherDir) {
    String testClasspath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> kept = new ArrayList<>();
    kept.add(launcherDir.toString());
    for (String entry : testClasspath.split(File.pathSeparator)) {
      if (!entry.isEmpty() && keepOnCluster(Path.of(entry))) {
        kept.add(entry);
      }
    }
    return kept.stream().collect(Collectors.joining(File.pathSeparator));
  }

  private static final List<String> CARRIED_BY_THE_JOB_JAR = List.of(
      "/dev/recsys/", "/org/nd4j/", "/org/bytedeco/", "/org/apache/kafka/", "/org/apache/flink/flink-connector-kafka/",
      "/info/picocli/", "/com/fasterxml/jackson/");

  private static boolean keepOnCluster(Path entry) {
    if (Files.isDirectory(entry)) {
      return false;
    }
    Path parent = entry.toAbsolutePath().getParent();
    if (parent != null && parent.getFileName() != null && parent.getFileName().toString().equals("target")) {
      return false;
    }
    String path = entry.toAbsolutePath().toString().replace(File.separatorChar, '/').toLowerCase(Locale.ROOT);
    return CARRIED_BY_THE_JOB_JAR.stream().noneMatch(path::contains);
  }
}
