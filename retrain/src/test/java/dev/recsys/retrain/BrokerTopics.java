package dev.recsys.retrain;

import dev.recsys.events.ModelUpdate;
import dev.recsys.events.ModelUpdateJson;
import dev.recsys.events.UserAction;
import dev.recsys.events.UserActionJson;
import dev.recsys.ingest.broker.LocalKafkaBroker;
import dev.recsys.ingest.topics.TopicAdmin;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** A test's own pair of topics on the shared broker (unique names), and what tests write to them. */
record BrokerTopics(String bootstrap, String actions, String updates) {
  static final long T0 = 1_700_000_000_000L;

  static BrokerTopics create(LocalKafkaBroker broker, int partitions) throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    BrokerTopics topics = new BrokerTopics(broker.bootstrapServers(), "actions-" + suffix, "updates-" + suffix);
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", topics.bootstrap))) {
      admin.createTopics(List.of(new NewTopic(topics.actions, partitions, (short) 1),
          new NewTopic(topics.updates, 1, (short) 1))).all().get();
      TopicAdmin.awaitLeaders(admin, List.of(topics.actions, topics.updates), Duration.ofSeconds(30));
    }
    return topics;
  }

  /**
   * Every user walks one cycle of items from a random start, so the next item follows from the last
   * alone (a trained SASRec gets it nearly always, popularity cannot): {@code users} x {@code events}.
   */
  static List<UserAction> cycles(String itemPrefix, int users, int events, int cycle, long start, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<UserAction> actions = new ArrayList<>();
    for (int u = 0; u < users; u++) {
      int first = random.nextInt(cycle);
      for (int i = 0; i < events; i++) {
        actions.add(UserAction.of("user-" + u, itemPrefix + (first + i) % cycle, "view", start + i * 1000L + u));
      }
    }
    return actions;
  }

  void produce(List<UserAction> actions) throws Exception {
    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    for (UserAction action : actions) {
      records.add(new ProducerRecord<>(actions(), action.userId().getBytes(StandardCharsets.UTF_8),
          UserActionJson.toBytes(action)));
    }
    send(records);
  }

  void produceRaw(String topic, byte[] key, byte[] value) throws Exception {
    send(List.of(new ProducerRecord<>(topic, key, value)));
  }

  private void send(List<ProducerRecord<byte[], byte[]>> records) throws Exception {
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap,
        "acks", "all"), new ByteArraySerializer(), new ByteArraySerializer())) {
      for (ProducerRecord<byte[], byte[]> record : records) {
        producer.send(record);
      }
      producer.flush();
    }
  }

  /** Every announcement on the updates topic, in order. */
  List<ModelUpdate> announcements() {
    TopicPartition partition = new TopicPartition(updates, 0);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap),
        new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long end = consumer.endOffsets(List.of(partition)).get(partition);
      List<ModelUpdate> updates = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (consumer.position(partition) < end && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> updates.add(ModelUpdateJson.parse(r.value())));
      }
      return updates;
    }
  }
}
