package dev.recsys.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code recsys demo} as a user runs it: a separate JVM (as the launcher starts it), real broker,
 * validator, Flink job, retraining and serving API. Checks the story it prints, its exit status,
 * and that it leaves no process behind, at the end of {@code --duration} and on SIGTERM.
 */
class DemoProcessTest {
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  @Test
  void theWholeLoopRunsAndEndsCleanly(@TempDir Path tmp) throws Exception {
    Path work = tmp.resolve("demo");
    Demo demo = Demo.start(tmp, "--duration", "60s", "--users", "100", "--rate", "40", "--port", "0",
        "--work-dir", work.toString());
    assertTrue(demo.process.waitFor(8, TimeUnit.MINUTES), "the demo did not end; output:\n" + demo.output());
    String out = demo.output();
    assertEquals(0, demo.process.exitValue(), out);
    for (String expected : List.of("== Kafka broker (KRaft) at", "== validator:", "== serving API at http://",
        "== first model v1 trained", "model v1 is serving", "== retraining from user-actions",
        "model v2 is serving", "== model swap: the running job serves v2", "summary",
        "GET /models/current -> 200", "GET /users/u1/recommendations -> 200")) {
      assertTrue(out.contains(expected), "missing '" + expected + "' in:\n" + out);
    }
    assertTrue(Files.size(work.resolve("logs/stream.log")) > 0, "the job's log is empty");
    assertNoProcessLeft(work);
  }

  @Test
  void sigtermStopsEverything(@TempDir Path tmp) throws Exception {
    Path work = tmp.resolve("demo");
    Demo demo = Demo.start(tmp, "--duration", "10m", "--users", "50", "--rate", "10", "--port", "0",
        "--work-dir", work.toString());
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (!demo.output().contains("model v1 is serving") && demo.process.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(500);
    }
    assertTrue(demo.output().contains("model v1 is serving"), "the job never served:\n" + demo.output());
    demo.process.destroy();
    assertTrue(demo.process.waitFor(90, TimeUnit.SECONDS), "the demo did not stop on SIGTERM:\n" + demo.output());
    assertTrue(demo.output().contains("stopping"), demo.output());
    assertNoProcessLeft(work);
  }

  /** The broker and the job are started with the work directory on their command lines. */
  private static void assertNoProcessLeft(Path work) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    List<String> left;
    do {
      left = ProcessHandle.allProcesses()
          .filter(p -> p.info().commandLine().map(c -> c.contains(work.toString())).orElse(false))
          .map(p -> p.pid() + " " + p.info().commandLine().orElse(""))
          .toList();
      if (left.isEmpty()) {
        return;
      }
      Thread.sleep(500);
    } while (System.nanoTime() < deadline);
    left.forEach(line -> ProcessHandle.of(Long.parseLong(line.split(" ")[0])).ifPresent(ProcessHandle::destroyForcibly));
    throw new AssertionError("processes left running: " + left);
  }

  private record Demo(Process process, Path log) {
    /** Starts the CLI as ./recsys would, with the streaming job's classpath in the environment. */
    static Demo start(Path tmp, String... args) throws IOException {
      Path sj = ROOT.resolve("streaming-job/target");
      String streamClasspath = String.join(":", sj.resolve("classes").toString(),
          ROOT.resolve("events/target/classes").toString(), ROOT.resolve("model/target/classes").toString(),
          Files.readString(sj.resolve("classpath-runtime.txt")).trim(),
          Files.readString(sj.resolve("classpath-provided.txt")).trim());
      String jvmOptions = String.join(" ", Files.readAllLines(ROOT.resolve("streaming-job/src/main/config/jvm-options")))
          + " -Dlogback.configurationFile=" + ROOT.resolve("streaming-job/src/main/config/logback-local.xml");
      List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx2g", "-cp", System.getProperty("java.class.path"), "dev.recsys.cli.RecsysCli", "demo"));
      command.addAll(List.of(args));
      Path log = tmp.resolve("demo-output.txt");
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(log.toFile());
      Map<String, String> env = builder.environment();
      env.put(StreamJobProcess.CLASSPATH_ENV, streamClasspath);
      env.put(StreamJobProcess.JVM_OPTIONS_ENV, jvmOptions);
      return new Demo(builder.start(), log);
    }

    String output() throws IOException {
      return Files.readString(log, StandardCharsets.UTF_8);
    }
  }
}
