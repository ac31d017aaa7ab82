package dev.recsys.ingest.topics;

import dev.recsys.events.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Creates the engine's topics ({@link Topics#ALL}) or, where one exists, checks it against what
 * was asked for. Existing topics are never altered or recreated: changing partitions would move
 * users between partitions and break per-user order, so a difference is reported, not "fixed".
 */
public final class TopicAdmin {
  private final Admin admin;
  private final Duration timeout;

  public TopicAdmin(Admin admin, Duration timeout) {
    this.admin = admin;
    this.timeout = timeout;
  }

  /**
   * How topics should be created: overrides of the definitions' defaults (null = keep the
   * definition's). {@code partitions} applies only to the per-user topics (those defined with more
   * than one partition): the dead-letter and model-update topics stay at one, for a total order.
   */
  public record Request(Integer partitions, short replicationFactor, Long retentionMs) {
    public Request {
      if (partitions != null && partitions < 1) {
        throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
      }
      if (replicationFactor < 1) {
        throw new IllegalArgumentException("replication factor must be at least 1, got " + replicationFactor);
      }
      if (retentionMs != null && retentionMs < -1) {
        throw new IllegalArgumentException("retention must be -1 (forever) or a duration, got " + retentionMs + " ms");
      }
    }

    NewTopic newTopic(Topics.Definition definition) {
      Map<String, String> configs = new HashMap<>(definition.configs());
      if (retentionMs != null && !"compact".equals(configs.get("cleanup.policy"))) {
        configs.put("retention.ms", Long.toString(retentionMs));
      }
      if (replicationFactor >= 3) {
        // With acks=all, a write is only as safe as the in-sync replicas that must have it.
        configs.putIfAbsent("min.insync.replicas", "2");
      }
      int count = partitions == null || definition.partitions() == 1 ? definition.partitions() : partitions;
      return new NewTopic(definition.name(), count, replicationFactor)
          .configs(configs);
    }
  }

  /** What happened to one topic. */
  public record Outcome(String topic, Status status, int partitions, int replicationFactor, List<String> differences) {
    @Override
    public String toString() {
      String shape = partitions + (partitions == 1 ? " partition" : " partitions") + ", replication " + replicationFactor;
      return switch (status) {
        case CREATED -> topic + ": created (" + shape + ")";
        case EXISTS -> topic + ": exists (" + shape + ")" + (differences.isEmpty() ? ", as requested"
            : "; differs from the request: " + String.join("; ", differences) + " (left as is)");
      };
    }
  }

  public enum Status { CREATED, EXISTS }

  /** Creates each missing topic of {@code definitions} and checks the existing ones. */
  public List<Outcome> ensure(Collection<Topics.Definition> definitions, Request request)
      throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
    List<Outcome> outcomes = new ArrayList<>();
    for (Topics.Definition definition : definitions) {
      NewTopic wanted = request.newTopic(definition);
      try {
        admin.createTopics(List.of(wanted)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        awaitLeaders(admin, List.of(wanted.name()), timeout);
        outcomes.add(new Outcome(definition.name(), Status.CREATED, wanted.numPartitions(),
            wanted.replicationFactor(), List.of()));
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
        outcomes.add(check(wanted));
      }
    }
    return outcomes;
  }

  /**
   * Blocks until the broker answering {@code admin} serves every partition of {@code topics} with a
   * leader. Producing to a topic the moment it is created races the broker applying it: with Kafka
   * 4.3 an idempotent producer whose first request hits NOT_LEADER_OR_FOLLOWER while a later one is
   * appended retries the first with OUT_OF_ORDER_SEQUENCE_NUMBER until delivery.timeout.ms expires
   * it (KAFKA-15591, fixed after 4.3). Waiting here closes that window on a single broker and
   * narrows it on a cluster.
   */
  public static void awaitLeaders(Admin admin, Collection<String> topics, Duration timeout)
      throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames()
            .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (described.values().stream().allMatch(topic -> topic.partitions().stream().allMatch(p -> p.leader() != null))) {
          // Metadata can name a leader before that broker's replica manager serves the partition;
          // a list-offsets request is answered by the partition leader itself, so its success is the proof.
          Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
          described.values().forEach(topic -> topic.partitions().forEach(
              partition -> latest.put(new TopicPartition(topic.name(), partition.partition()), OffsetSpec.latest())));
          admin.listOffsets(latest).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
          return;
        }
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw e;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new java.util.concurrent.TimeoutException("topics " + topics + " have no leader after " + timeout);
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
  }

  private Outcome check(NewTopic wanted)
      throws InterruptedException, ExecutionException, java.util.concurrent.TimeoutException {
    TopicDescription description = admin.describeTopics(List.of(wanted.name())).allTopicNames()
        .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(wanted.name());
    int partitions = description.partitions().size();
    int replication = description.partitions().get(0).replicas().size();
    List<String> differences = new ArrayList<>();
    if (partitions != wanted.numPartitions()) {
      differences.add("partitions " + partitions + ", requested " + wanted.numPartitions());
    }
    if (replication != wanted.replicationFactor()) {
      differences.add("replication " + replication + ", requested " + wanted.replicationFactor());
    }
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, wanted.name());
    Config actual = admin.describeConfigs(List.of(resource)).all()
        .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(resource);
    for (Map.Entry<String, String> entry : wanted.configs().entrySet()) {
      var current = actual.get(entry.getKey());
      String value = current == null ? null : current.value();
      if (!entry.getValue().equals(value)) {
        differences.add(entry.getKey() + " " + value + ", requested " + entry.getValue());
      }
    }
    return new Outcome(wanted.name(), Status.EXISTS, partitions, replication, differences);
  }
}
