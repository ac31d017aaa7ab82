package dev.recsys.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.recsys.ingest.Ports;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code recsys kafka start} as a user runs it: a separate CLI JVM that starts a real broker, which is
 * talked to with plain Kafka clients and then stopped by signalling the CLI.
 */
class KafkaCommandTest {
  /** The first start formats storage and starts two JVMs; on a loaded 2-core machine that takes a while. */
  private static final long READY_SECONDS = 120;
  /** What a JVM exits with when SIGTERM ends it: 128 + 15. */
  private static final int SIGTERM_STATUS = 143;

  @TempDir Path dir;

  /** Every CLI and broker JVM a test started: a failed assertion must not leave one behind on the shared machine. */
  private final List<ProcessHandle> started = new ArrayList<>();

  @AfterEach
  void killLeftovers() {
    started.forEach(ProcessHandle::destroyForcibly);
  }

  @Test
  @Timeout(300)
  void startsABrokerClientsCanUseAndStopsItOnSigterm() throws Exception {
    int[] ports = Ports.free(2);
    Path dataDir = dir.resolve("kafka");
    CliProcess cli = startCli("kafka", "start", "--port", "" + ports[0], "--controller-port", "" + ports[1],
        "--data-dir", dataDir.toString());
    String ready = cli.awaitLine();
    Path log = dataDir.resolve("broker.log");
    assertEquals("Kafka broker ready at localhost:" + ports[0] + " (data: " + dataDir + ", log: " + log
        + "); Ctrl-C to stop", ready, cli.stderr());
    List<ProcessHandle> brokers = cli.process.children().toList();
    started.addAll(brokers);
    assertEquals(1, brokers.size(), "the CLI should run exactly one child, the broker: " + brokers);

    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + ports[0]))) {
      admin.createTopics(List.of(new NewTopic("cli-test", 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
      assertTrue(admin.listTopics().names().get(30, TimeUnit.SECONDS).contains("cli-test"));
    }

    cli.process.destroy();
    assertTrue(cli.process.waitFor(60, TimeUnit.SECONDS), "the CLI did not exit after SIGTERM");
    // The JVM ends with the signal's status once the shutdown hook has stopped the broker.
    assertEquals(SIGTERM_STATUS, cli.process.exitValue(), cli.stderr());
    assertTrue(cli.stderr().contains("Kafka broker stopped"), cli.stderr());
    assertFalse(brokers.get(0).isAlive(), "the broker outlived the CLI");
    Ports.assertFree(ports[0]);
    Ports.assertFree(ports[1]);
    assertTrue(Files.size(log) > 0, "empty broker log");
    assertTrue(Files.readString(log).contains("Kafka Server started"), "the log lacks Kafka's own INFO lines");
  }

  @Test
  @Timeout(300)
  void brokerStopsWhenTheCliIsKilledOutright() throws Exception {
    int[] ports = Ports.free(2);
    CliProcess cli = startCli("kafka", "start", "--port", "" + ports[0], "--controller-port", "" + ports[1],
        "--data-dir", dir.resolve("kafka").toString());
    assertTrue(cli.awaitLine().startsWith("Kafka broker ready"), cli.stderr());
    ProcessHandle broker = cli.process.children().findFirst().orElseThrow();
    started.add(broker);

    cli.process.destroyForcibly();
    // SIGKILL runs no shutdown hook; the broker JVM notices its parent is gone and stops itself.
    try {
      broker.onExit().get(60, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      fail("the broker (pid " + broker.pid() + ") outlived the killed CLI by 60 s");
    }
    Ports.assertFree(ports[0]);
    Ports.assertFree(ports[1]);
  }

  @Test
  @Timeout(60)
  void takenPortIsOneLineAndExitOne() throws IOException {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("localhost", 0));
      int port = taken.getLocalPort();
      Run run = recsys("kafka", "start", "--port", "" + port, "--controller-port", "" + Ports.free(1)[0],
          "--data-dir", dir.toString());
      assertEquals(1, run.exitCode, run.err);
      assertTrue(run.err.startsWith("recsys: the Kafka broker's port " + port + " on localhost is not free"),
          run.err);
      assertEquals(1, run.err.strip().lines().count(), run.err);
    }
  }

  @Test
  void badPortIsAUsageError() {
    Run run = recsys("kafka", "start", "--port", "0x");
    assertEquals(2, run.exitCode);
    assertTrue(run.err.contains("Invalid value for option '--port': '0x' is not an int"), run.err);
    assertTrue(run.err.contains("Usage: recsys kafka start"), run.err);
  }

  @Test
  void badDurationIsAUsageError() {
    Run run = recsys("kafka", "start", "--start-timeout", "soon");
    assertEquals(2, run.exitCode);
    assertTrue(run.err.contains("'soon' is not a duration such as 500ms, 60s, 2m, 1h or 7d"), run.err);
  }

  @Test
  void helpListsStartAndItsOptions() {
    Run kafka = recsys("kafka", "--help");
    assertEquals(0, kafka.exitCode, kafka.err);
    assertTrue(kafka.out.contains("Usage: recsys kafka") && kafka.out.matches("(?s).*\\n\\s+start\\b.*"), kafka.out);
    Run start = recsys("kafka", "start", "--help");
    assertEquals(0, start.exitCode, start.err);
    for (String option : new String[] {"--port", "--controller-port", "--host", "--data-dir", "--log-file",
        "--broker-property", "--start-timeout"}) {
      assertTrue(start.out.contains(option), option + " missing from:\n" + start.out);
    }
  }

  @Test
  void kafkaWithoutAnActionIsAUsageError() {
    Run run = recsys("kafka");
    assertEquals(2, run.exitCode);
    assertTrue(run.err.contains("Missing subcommand"), run.err);
  }

  private record Run(int exitCode, String out, String err) {}

  private static Run recsys(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode = RecsysCli.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
        .execute(args);
    return new Run(exitCode, out.toString(), err.toString());
  }

  /** A CLI JVM, its stdout read line by line as it comes, its stderr in a file. */
  private final class CliProcess {
    final Process process;
    final Path stderrFile;
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    CliProcess(Process process, Path stderrFile) {
      this.process = process;
      this.stderrFile = stderrFile;
      Thread reader = new Thread(() -> {
        try (BufferedReader in = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line = in.readLine(); line != null; line = in.readLine()) {
            lines.add(line);
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }, "cli-stdout");
      reader.setDaemon(true);
      reader.start();
    }

    String awaitLine() throws InterruptedException, IOException {
      String line = lines.poll(READY_SECONDS, TimeUnit.SECONDS);
      assertNotNull(line, "no line on stdout within " + READY_SECONDS + " s; stderr:\n" + stderr());
      return line;
    }

    String stderr() throws IOException {
      return Files.readString(stderrFile);
    }
  }

  private CliProcess startCli(String... args) throws IOException {
    // The test JVM's classpath: surefire sets java.class.path to the whole test classpath (even when it boots
    // from a manifest-only jar), so it holds the CLI, the Kafka broker and logback, as the recsys launcher does.
    String classpath = System.getProperty("java.class.path");
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", classpath, RecsysCli.class.getName()));
    command.addAll(List.of(args));
    Path stderr = dir.resolve("cli-" + started.size() + ".err");
    Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
    started.add(process.toHandle());
    return new CliProcess(process, stderr);
  }

}
