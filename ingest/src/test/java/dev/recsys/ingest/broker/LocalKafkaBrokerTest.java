package dev.recsys.ingest.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recsys.ingest.Ports;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real Kafka broker in a child JVM: start, produce, consume, stop, restart on the same data, and the errors. */
class LocalKafkaBrokerTest {
  private static final String TOPIC = "user-actions-test";
  /** Enough for a development broker and keeps two test brokers off the shared machine's memory. */
  private static final List<String> SMALL_HEAP = List.of("-Xmx384m");

  @TempDir Path dir;

  @Test
  void producesAndConsumesAndKeepsItsDataAcrossARestart() throws Exception {
    int[] ports = Ports.free(2);
    BrokerSettings settings = BrokerSettings.builder(dir.resolve("kafka"))
        .port(ports[0]).controllerPort(ports[1]).jvmOptions(SMALL_HEAP).build();
    Path metaProperties = dir.resolve("kafka").resolve(BrokerFiles.KAFKA_LOG_DIR).resolve("meta.properties");

    long pid;
    try (LocalKafkaBroker broker = LocalKafkaBroker.start(settings)) {
      pid = broker.pid();
      assertTrue(broker.isRunning());
      assertEquals("localhost:" + ports[0], broker.bootstrapServers());
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
        admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
      }
      try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(broker.bootstrapServers()))) {
        producer.send(new ProducerRecord<>(TOPIC, "user-1", "item-42")).get();
      }
      assertEquals(List.of("user-1=item-42"), readAll(broker.bootstrapServers(), "first-start"));

      BrokerSettings samePort = BrokerSettings.builder(dir.resolve("other"))
          .port(ports[0]).controllerPort(Ports.free(1)[0]).build();
      IOException refused = assertThrows(IOException.class, () -> LocalKafkaBroker.start(samePort));
      assertTrue(refused.getMessage().contains("port " + ports[0] + " on localhost is not free"),
          refused.getMessage());
      assertFalse(Files.exists(dir.resolve("other").resolve(BrokerFiles.SERVER_PROPERTIES)),
          "a refused start must not write anything");
    }
    assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "broker JVM still running");
    Ports.assertFree(ports[0]);
    Ports.assertFree(ports[1]);
    assertTrue(Files.size(settings.logFile()) > 0, "empty log file " + settings.logFile());
    String clusterId = Files.readString(metaProperties);

    try (LocalKafkaBroker broker = LocalKafkaBroker.start(settings)) {
      assertEquals(clusterId, Files.readString(metaProperties), "restart reformatted the storage");
      assertEquals(List.of("user-1=item-42"), readAll(broker.bootstrapServers(), "after-restart"));
    }
    String log = Files.readString(settings.logFile());
    assertEquals(1, count(log, "--- recsys: formatting Kafka storage"), log);
    assertEquals(2, count(log, "--- recsys: starting the Kafka broker"), log);

    // No broker JVM answers within 300 ms; start gives up, kills it and says so.
    BrokerSettings impatient = BrokerSettings.builder(settings.dataDir()).port(ports[0]).controllerPort(ports[1])
        .jvmOptions(SMALL_HEAP).startTimeout(Duration.ofMillis(300)).build();
    IOException timedOut = assertThrows(IOException.class, () -> LocalKafkaBroker.start(impatient));
    assertTrue(timedOut.getMessage().startsWith("the Kafka broker did not answer at localhost:" + ports[0]
        + " within 300 ms"), timedOut.getMessage());
    Ports.assertFree(ports[0]);
  }

  @Test
  void controllerPortInUseIsRefusedBeforeStarting() throws IOException {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress("localhost", 0));
      BrokerSettings settings = BrokerSettings.builder(dir)
          .port(Ports.free(1)[0]).controllerPort(taken.getLocalPort()).build();
      IOException e = assertThrows(IOException.class, () -> LocalKafkaBroker.start(settings));
      assertTrue(e.getMessage().startsWith("the Kafka broker's controller port " + taken.getLocalPort()
          + " on localhost is not free"), e.getMessage());
    }
  }

  @Test
  void brokerThatFailsToStartReportsItsLog() throws IOException {
    int[] ports = Ports.free(2);
    BrokerSettings settings = BrokerSettings.builder(dir).port(ports[0]).controllerPort(ports[1])
        .jvmOptions(SMALL_HEAP).overrides(Map.of("num.partitions", "many")).build();
    IOException e = assertThrows(IOException.class, () -> LocalKafkaBroker.start(settings));
    assertTrue(e.getMessage().contains("exit status") && e.getMessage().contains(settings.logFile().toString()),
        e.getMessage());
    assertTrue(e.getMessage().contains("num.partitions"), "the log tail should say why: " + e.getMessage());
    Ports.assertFree(ports[0]);
  }

  @Test
  void dataDirThatIsAFileIsRefused() throws IOException {
    Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
    // Checked before the ports, so the defaults do not matter even if something listens on them.
    IOException e = assertThrows(IOException.class, () -> LocalKafkaBroker.start(BrokerSettings.of(file)));
    assertEquals("the Kafka data dir " + file + " is not a directory", e.getMessage());
  }

  @Test
  void badSettingsNameTheField() {
    Path data = dir.resolve("kafka");
    assertInvalid("port", () -> BrokerSettings.builder(data).port(0).build());
    assertInvalid("port", () -> BrokerSettings.builder(data).port(65536).build());
    assertInvalid("controllerPort", () -> BrokerSettings.builder(data).controllerPort(-1).build());
    assertInvalid("controllerPort", () -> BrokerSettings.builder(data).port(9000).controllerPort(9000).build());
    assertInvalid("dataDir", () -> BrokerSettings.builder(null).build());
    assertInvalid("host", () -> BrokerSettings.builder(data).host(" ").build());
    assertInvalid("startTimeout", () -> BrokerSettings.builder(data).startTimeout(Duration.ZERO).build());
    assertInvalid("classpath", () -> BrokerSettings.builder(data).classpath("").build());
    assertInvalid("overrides", () -> BrokerSettings.builder(data).overrides(Map.of(" ", "1")).build());
  }

  @Test
  void defaultsAreTheDocumentedOnes() {
    BrokerSettings settings = BrokerSettings.of(dir);
    assertEquals("localhost:9092", settings.bootstrapServers());
    assertEquals(9093, settings.controllerPort());
    assertEquals(Duration.ofSeconds(60), settings.startTimeout());
    assertEquals(dir.resolve("broker.log"), settings.logFile());
    assertEquals(System.getProperty("java.class.path"), settings.classpath());
  }

  private static void assertInvalid(String field, org.junit.jupiter.api.function.Executable build) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build);
    assertTrue(e.getMessage().startsWith("broker setting " + field + " "), e.getMessage());
  }

  private static Properties producerConfig(String bootstrapServers) {
    Properties config = new Properties();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    return config;
  }

  /** Every record in the topic, as key=value, read by a new consumer group from the beginning. */
  private static List<String> readAll(String bootstrapServers, String group) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    List<String> records = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
      consumer.subscribe(Set.of(TOPIC));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (records.isEmpty() && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          records.add(record.key() + "=" + record.value());
        }
      }
    }
    return records;
  }

  private static int count(String text, String part) {
    int count = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      count++;
    }
    return count;
  }
}
