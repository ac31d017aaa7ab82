package dev.recsys.ingest.broker;

import java.lang.reflect.InvocationTargetException;
import java.util.Optional;

/**
 * The broker JVM's entry point: runs {@code kafka.Kafka} with the given arguments, and stops it when the
 * JVM that started it is gone. {@link LocalKafkaBroker#close} stops the broker in an orderly way, but a
 * parent killed outright (SIGKILL, a crashed test JVM) runs no code; without this watch its broker would
 * live on, holding the ports and the data dir's lock.
 */
public final class BrokerMain {
  /** System property with the pid of the JVM that started the broker. */
  static final String PARENT_PID_PROPERTY = "recsys.broker.parent-pid";
  /** Exit status when the broker stops because its parent is gone. */
  static final int PARENT_GONE_STATUS = 3;
  /** Exit status when the classpath lacks the broker. */
  static final int CLASSPATH_STATUS = 4;

  private BrokerMain() {}

  public static void main(String[] args) throws Throwable {
    String parentPid = System.getProperty(PARENT_PID_PROPERTY);
    if (parentPid != null) {
      Optional<ProcessHandle> parent = ProcessHandle.of(Long.parseLong(parentPid));
      if (parent.isEmpty()) {
        System.err.println("recsys: the process that started this broker (pid " + parentPid + ") is gone");
        System.exit(PARENT_GONE_STATUS);
      }
      // System.exit runs Kafka's shutdown hook, which shuts the broker down cleanly.
      parent.get().onExit().thenRun(() -> {
        System.err.println("recsys: the process that started this broker (pid " + parentPid
            + ") is gone; stopping the broker");
        System.exit(PARENT_GONE_STATUS);
      });
    }
    // Reflection because the broker is a runtime-only dependency; ingest does not compile against it.
    Class<?> kafka;
    try {
      kafka = Class.forName("kafka.Kafka");
    } catch (ClassNotFoundException e) {
      System.err.println("recsys: the Kafka broker (kafka.Kafka, org.apache.kafka:kafka_2.13) is not on the "
          + "classpath: " + System.getProperty("java.class.path"));
      System.exit(CLASSPATH_STATUS);
      return;
    }
    try {
      kafka.getMethod("main", String[].class).invoke(null, (Object) args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
