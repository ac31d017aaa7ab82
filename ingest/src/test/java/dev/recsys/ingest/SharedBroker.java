package dev.recsys.ingest;

import dev.recsys.ingest.broker.BrokerMain;
import dev.recsys.ingest.broker.BrokerSettings;
import dev.recsys.ingest.broker.LocalKafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One real Kafka broker (a {@link LocalKafkaBroker} child JVM) for every test class of a test run
 * that asks for it with {@code @ExtendWith(SharedBroker.class)} and a {@link LocalKafkaBroker}
 * parameter. Started on first use, stopped when the run ends (JUnit's root store closes it), so
 * the ~5 s start is paid once. Tests use their own topic names so they do not see each other.
 */
public final class SharedBroker implements ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedBroker.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == LocalKafkaBroker.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE)
        .getOrComputeIfAbsent(Running.class, key -> Running.start(), Running.class).broker;
  }

  /** The broker and its data dir, closed (broker stopped, files left to the OS temp cleaner) at the end. */
  /** A file holding the classpath to run the broker with (optional). */
  public static final String CLASSPATH_FILE = "recsys.broker.classpath.file";

  private record Running(LocalKafkaBroker broker) implements ExtensionContext.Store.CloseableResource {
    static Running start() {
      try {
        Path dir = Files.createTempDirectory("recsys-test-kafka");
        int[] ports = Ports.free(2);
        return new Running(LocalKafkaBroker.start(BrokerSettings.builder(dir)
            .port(ports[0]).controllerPort(ports[1]).jvmOptions(List.of("-Xmx512m")).classpath(classpath()).build()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /**
     * This JVM's classpath, or, when the system property {@value #CLASSPATH_FILE} names a file (which
     * the ingest build writes), ingest's own: a module pinned to another kafka-clients (the Flink job)
     * still gets a broker that matches its Kafka jars.
     */
    private static String classpath() throws IOException {
      String file = System.getProperty(CLASSPATH_FILE);
      if (file == null) {
        return System.getProperty("java.class.path");
      }
      Path path = Path.of(file);
      if (!Files.exists(path)) {
        throw new IOException(CLASSPATH_FILE + "=" + file + " does not exist: build the ingest module first");
      }
      try {
        String brokerCode = Path.of(BrokerMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        return brokerCode + java.io.File.pathSeparator + Files.readString(path).strip();
      } catch (java.net.URISyntaxException e) {
        throw new IOException("cannot locate the broker's classes", e);
      }
    }

    @Override
    public void close() {
      broker.close();
    }
  }
}
