package dev.recsys.cli.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Flink job in a child JVM on the streaming-job module's own classpath. It cannot run in the
 * CLI's JVM: the CLI holds Kafka Streams' and the feature store's {@code org.rocksdb:rocksdbjni},
 * which breaks Flink's RocksDB checkpoints. The {@code ./recsys} launcher says where that classpath
 * is, in the environment variables named here.
 */
public final class StreamJobProcess implements AutoCloseable {
  /** The job's runtime classpath, as {@code ./recsys stream} uses it. */
  public static final String CLASSPATH_ENV = "RECSYS_STREAM_CLASSPATH";
  /** JVM options the job needs on Java 17 (--add-opens ...), whitespace-separated. */
  public static final String JVM_OPTIONS_ENV = "RECSYS_STREAM_JVM_OPTIONS";
  static final String MAIN_CLASS = "dev.recsys.stream.cli.StreamCommand";
  private static final long STOP_GRACE_SECONDS = 30;

  private final Process process;
  private final Path log;

  private StreamJobProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@code recsys stream} with {@code arguments}; its output goes to {@code log}.
   *
   * @throws IllegalStateException when the launcher did not provide the job's classpath
   */
  public static StreamJobProcess start(List<String> arguments, Path log) throws IOException {
    String classpath = System.getenv(CLASSPATH_ENV);
    if (classpath == null || classpath.isBlank()) {
      throw new IllegalStateException("the demo starts the Flink job on the streaming-job classpath, which the ./recsys "
          + "launcher passes in " + CLASSPATH_ENV + "; run the demo as ./recsys demo");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String jvmOptions = System.getenv(JVM_OPTIONS_ENV);
    if (jvmOptions != null && !jvmOptions.isBlank()) {
      command.addAll(Arrays.asList(jvmOptions.trim().split("\\s+")));
    }
    command.add("-Xmx2g");
    command.add("-cp");
    command.add(classpath);
    command.add(MAIN_CLASS);
    command.addAll(arguments);
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    return new StreamJobProcess(process, log);
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Exit status if the job ended, else -1. */
  public int exitStatusOrRunning() {
    return process.isAlive() ? -1 : process.exitValue();
  }

  public Path log() {
    return log;
  }

  /** SIGTERM without waiting: the job stops by itself, and {@link #close} waits for it. */
  public void signalStop() {
    process.destroy();
  }

  /** SIGTERM, then a hard kill if the job has not stopped within the grace period. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
