package dev.recsys.cli;

import dev.recsys.ingest.broker.BrokerSettings;
import dev.recsys.ingest.broker.LocalKafkaBroker;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "kafka", mixinStandardHelpOptions = true,
    description = {"A local Kafka broker for development and trying things out.",
        "Every command that talks to Kafka takes --bootstrap-servers, so an external cluster works as well."},
    subcommands = KafkaCommand.Start.class)
final class KafkaCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  /** {@code recsys kafka} alone is a usage error: it needs an action. */
  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "Missing subcommand: start");
  }

  @Command(name = "start", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"Start a real single-node Kafka broker (KRaft: broker and controller in one) in a child "
          + "JVM and run it until Ctrl-C.",
          "The first start formats the data dir; later starts keep its topics and records."})
  static final class Start implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "" + BrokerSettings.DEFAULT_PORT,
        description = "Client port. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--controller-port", defaultValue = "" + BrokerSettings.DEFAULT_CONTROLLER_PORT,
        description = "KRaft controller port. Default: ${DEFAULT-VALUE}.")
    int controllerPort;

    @Option(names = "--host", defaultValue = BrokerSettings.DEFAULT_HOST,
        description = "Host name to listen on and advertise to clients. Default: ${DEFAULT-VALUE}.")
    String host;

    @Option(names = "--data-dir", defaultValue = ".recsys/kafka", paramLabel = "DIR",
        description = "Where the broker keeps its data, configuration and log. Default: ${DEFAULT-VALUE}.")
    Path dataDir;

    @Option(names = "--log-file", paramLabel = "FILE",
        description = "The broker's log, appended to. Default: DIR/" + BrokerSettings.DEFAULT_LOG_FILE_NAME + ".")
    Path logFile;

    @Option(names = "--broker-property", paramLabel = "KEY=VALUE",
        description = "A Kafka broker property, applied after the defaults; repeatable, "
            + "e.g. --broker-property log.retention.hours=1.")
    Map<String, String> brokerProperties = new LinkedHashMap<>();

    @Option(names = "--start-timeout", defaultValue = "60s", converter = DurationConverter.class,
        paramLabel = "DURATION", description = "How long to wait for the broker to answer. Default: ${DEFAULT-VALUE}.")
    Duration startTimeout;

    @Override
    public Integer call() throws IOException, InterruptedException {
      BrokerSettings settings = BrokerSettings.builder(dataDir.toAbsolutePath().normalize())
          .host(host).port(port).controllerPort(controllerPort).startTimeout(startTimeout)
          .overrides(brokerProperties)
          .logFile(logFile == null ? null : logFile.toAbsolutePath().normalize())
          .build();
      LocalKafkaBroker broker = LocalKafkaBroker.start(settings);
      PrintStream err = System.err;
      AtomicBoolean stopping = new AtomicBoolean();
      Thread stopOnExit = new Thread(() -> {
        stopping.set(true);
        broker.close();
        err.println("Kafka broker stopped");
      }, "recsys-kafka-stop");
      Runtime.getRuntime().addShutdownHook(stopOnExit);

      PrintStream out = System.out;
      out.println("Kafka broker ready at " + broker.bootstrapServers() + " (data: " + broker.dataDir() + ", log: "
          + broker.logFile() + "); Ctrl-C to stop");
      out.flush();

      int status = broker.awaitExit();
      if (stopping.get()) {
        // Ctrl-C or SIGTERM: the hook stops the broker and the JVM exits with the signal's status once it is done.
        return 0;
      }
      try {
        Runtime.getRuntime().removeShutdownHook(stopOnExit);
      } catch (IllegalStateException e) {
        // The JVM began shutting down since awaitExit returned, so the hook runs and reports; nothing else to say.
        return 0;
      }
      throw new IOException("the Kafka broker exited on its own with status " + status + "; see its log: "
          + broker.logFile());
    }
  }
}
