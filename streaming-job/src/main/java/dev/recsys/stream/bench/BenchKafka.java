package dev.recsys.stream.bench;

import dev.recsys.events.Recommendation;
import dev.recsys.events.RecommendationJson;
import dev.recsys.events.UserAction;
import dev.recsys.events.UserActionJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The benchmark's side of Kafka: fresh topics per run, the input it produces, the output it reads. */
final class BenchKafka implements AutoCloseable {
  /** The topics of one run; the job's input and output have the production topics' 6 partitions. */
  record RunTopics(String input, String output, String deadLetters, String modelUpdates) {
    List<String> all() {
      return List.of(input, output, deadLetters, modelUpdates);
    }
  }

  private static final int PARTITIONS = 6;
  private final Map<String, Object> settings;
  private final Admin admin;

  BenchKafka(Map<String, Object> settings) {
    this.settings = Map.copyOf(settings);
    this.admin = Admin.create(this.settings);
  }

  RunTopics createTopics(String prefix) throws Exception {
    RunTopics topics = new RunTopics(prefix + "-in", prefix + "-out", prefix + "-dlq", prefix + "-models");
    admin.createTopics(List.of(new NewTopic(topics.input(), PARTITIONS, (short) 1),
        new NewTopic(topics.output(), PARTITIONS, (short) 1), new NewTopic(topics.deadLetters(), 1, (short) 1),
        new NewTopic(topics.modelUpdates(), 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
    awaitLeaders(topics, Duration.ofSeconds(30));
    return topics;
  }

  /**
   * Kafka 4.3 can lose the first batch sent to a just-created topic (KAFKA-15591); once every
   * partition's leader answers a list-offsets request, it does not.
   */
  private void awaitLeaders(RunTopics topics, Duration timeout) throws Exception {
    // From the partition counts created above: describing a topic this early can fail the same way.
    Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
    for (String topic : topics.all()) {
      int count = topic.equals(topics.input()) || topic.equals(topics.output()) ? PARTITIONS : 1;
      for (int p = 0; p < count; p++) {
        partitions.put(new TopicPartition(topic, p), OffsetSpec.latest());
      }
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        admin.listOffsets(partitions).all().get(5, TimeUnit.SECONDS);
        return;
      } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
        if (System.nanoTime() > deadline) {
          throw new IOException("topics " + topics.all() + " have no leader after " + timeout.toSeconds() + " s", e);
        }
        Thread.sleep(200);
      }
    }
  }

  void deleteTopics(RunTopics topics) {
    try {
      admin.deleteTopics(topics.all()).all().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      System.err.println("recsys bench stream: could not delete topics " + topics.all() + ": " + e.getMessage());
    }
  }

  KafkaProducer<byte[], byte[]> producer() {
    Map<String, Object> config = new HashMap<>(settings);
    config.put("acks", "all");
    config.put("enable.idempotence", "true");
    config.put("linger.ms", "5");
    return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** Sends one view event, its event time and record timestamp both the wall clock now. */
  static void send(KafkaProducer<byte[], byte[]> producer, String topic, String[] event, AtomicReference<Exception> failure) {
    long now = System.currentTimeMillis();
    byte[] value = UserActionJson.toBytes(UserAction.of(event[0], event[1], "view", now));
    producer.send(new ProducerRecord<>(topic, null, now, event[0].getBytes(StandardCharsets.UTF_8), value),
        (metadata, e) -> {
          if (e != null) {
            failure.compareAndSet(null, e);
          }
        });
  }

  /** Loads {@code events} into {@code topic} as fast as the broker takes them. */
  void preload(String topic, List<String[]> events) throws Exception {
    AtomicReference<Exception> failure = new AtomicReference<>();
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      for (String[] event : events) {
        send(producer, topic, event, failure);
      }
      producer.flush();
    }
    if (failure.get() != null) {
      throw new IOException("loading the input topic failed: " + failure.get().getMessage(), failure.get());
    }
  }

  /** What a read_committed consumer saw of one recommendation. */
  record Seen(Recommendation recommendation, long receivedAt) {}

  /**
   * Reads the output topic from the beginning, read_committed, on its own thread, counting each
   * input record once (by its source partition and offset) so a duplicate would show.
   */
  final class OutputReader implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private final List<Seen> seen = new ArrayList<>();
    private final java.util.Set<Long> sources = new java.util.HashSet<>();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private volatile boolean running = true;

    OutputReader(String topic) {
      Map<String, Object> config = new HashMap<>(settings);
      config.put("isolation.level", "read_committed");
      config.put("enable.auto.commit", "false");
      config.put("auto.offset.reset", "earliest");
      consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
      List<TopicPartition> partitions = new ArrayList<>();
      for (int p = 0; p < PARTITIONS; p++) {
        partitions.add(new TopicPartition(topic, p));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      thread = new Thread(this::run, "bench-output-reader");
      thread.setDaemon(true);
      thread.start();
    }

    private void run() {
      try {
        while (running) {
          var records = consumer.poll(Duration.ofMillis(50));
          long now = System.currentTimeMillis();
          synchronized (this) {
            for (ConsumerRecord<byte[], byte[]> record : records) {
              Recommendation recommendation = RecommendationJson.parse(record.value());
              if (sources.add(((long) recommendation.sourcePartition() << 40) | recommendation.sourceOffset())) {
                seen.add(new Seen(recommendation, now));
              } else {
                duplicates.incrementAndGet();
              }
            }
            notifyAll();
          }
        }
      } catch (Exception e) {
        failure.set(e);
      } finally {
        consumer.close();
      }
    }

    /** Waits until {@code count} distinct recommendations arrived; fails if none arrive for {@code stall}. */
    synchronized List<Seen> await(int count, Duration stall) throws Exception {
      int last = seen.size();
      long lastProgress = System.nanoTime();
      while (seen.size() < count) {
        if (failure.get() != null) {
          throw new IOException("reading the output topic failed: " + failure.get().getMessage(), failure.get());
        }
        wait(200);
        if (seen.size() > last) {
          last = seen.size();
          lastProgress = System.nanoTime();
        } else if (System.nanoTime() - lastProgress > stall.toNanos()) {
          throw new IOException("only " + seen.size() + " of " + count + " recommendations arrived; none in the last "
              + stall.toSeconds() + " s");
        }
      }
      return new ArrayList<>(seen);
    }

    long duplicates() {
      return duplicates.get();
    }

    @Override
    public void close() throws InterruptedException {
      running = false;
      thread.join(5000);
    }
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
  }
}
