package dev.recsys.ingest.validate;

import dev.recsys.events.RejectionReason;
import dev.recsys.events.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link ValidatorTopology} with Kafka Streams, exactly once ({@code exactly_once_v2}):
 * a record's output (clean or dead letter) and its input offset commit in one transaction, so a
 * crash neither loses nor duplicates a record.
 */
public final class ValidatorService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ValidatorService.class);

  /** Kafka Streams settings the validator needs unless the caller says otherwise. */
  static final Map<String, Object> STREAMS_DEFAULTS = Map.of(
      StreamsConfig.APPLICATION_ID_CONFIG, "recsys-validator",
      StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2,
      // No global state here; set only to opt in to the Kafka 5.0 default and silence the warning about it.
      StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true,
      // A dead letter is the raw record plus headers: allow for a raw record at the broker's 1 MiB limit.
      StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), Topics.VALIDATOR_OUTPUT_MAX_BYTES + 64 * 1024);

  private final Map<String, Object> settings;
  private final ValidatorConfig config;
  private final KafkaStreams streams;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final ValidationTally tally = new ValidationTally();

  /**
   * @param settings Kafka Streams settings ({@code bootstrap.servers}, {@code application.id},
   *     {@code state.dir}, ...) and the validator's own {@code validator.*} settings, in one map
   */
  public ValidatorService(Map<String, Object> settings, Clock clock) {
    Map<String, Object> merged = new HashMap<>(STREAMS_DEFAULTS);
    merged.putAll(settings);
    this.settings = Map.copyOf(merged);
    this.config = new ValidatorConfig(merged);
    Properties properties = new Properties();
    merged.forEach((key, value) -> {
      if (!ValidatorConfig.DEFINITION.names().contains(key)) {
        properties.put(key, value);
      }
    });
    this.streams = new KafkaStreams(ValidatorTopology.build(config, clock, tally), properties);
    streams.setUncaughtExceptionHandler(error -> {
      // Bad records never throw; an exception here is a broker or a bug, and retrying it in a new
      // thread would loop. Stop and let the caller report it.
      failure.compareAndSet(null, error);
      log.error("validator stopping after an unexpected error", error);
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    });
  }

  public ValidatorConfig config() {
    return config;
  }

  public String applicationId() {
    return (String) settings.get(StreamsConfig.APPLICATION_ID_CONFIG);
  }

  public void start() {
    streams.start();
  }

  public KafkaStreams.State state() {
    return streams.state();
  }

  /** The error that stopped the validator, or null. */
  public Throwable failure() {
    return failure.get();
  }

  /** Valid and refused counts since this instance started; still readable after {@link #close()}. */
  public ValidationCounts counts() {
    return tally.counts();
  }

  /**
   * Blocks until the validator has committed every input record that existed when this was
   * called (its consumer group's lag on the input topic is zero), it failed, or the timeout
   * passed. Returns whether it caught up.
   */
  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException, ExecutionException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, Object> adminSettings = new HashMap<>();
    settings.forEach((key, value) -> {
      if (AdminClientConfig.configNames().contains(key)) {
        adminSettings.put(key, value);
      }
    });
    try (Admin admin = Admin.create(adminSettings)) {
      Map<TopicPartition, Long> end = endOffsets(admin);
      while (System.nanoTime() < deadline) {
        if (failure.get() != null || streams.state() == KafkaStreams.State.ERROR
            || streams.state() == KafkaStreams.State.NOT_RUNNING) {
          return false;
        }
        Map<TopicPartition, OffsetAndMetadata> committed =
            admin.listConsumerGroupOffsets(applicationId()).partitionsToOffsetAndMetadata().get();
        if (caughtUp(end, committed)) {
          return true;
        }
        TimeUnit.MILLISECONDS.sleep(200);
      }
      return false;
    }
  }

  /**
   * The offset each input partition must be committed up to. Partitions with nothing readable
   * (empty, or every record already removed by retention) are left out: Kafka Streams commits a
   * partition only after processing a record from it. The end is the last stable offset, which
   * is what a read_committed consumer can reach while a producer's transaction is still open.
   */
  private Map<TopicPartition, Long> endOffsets(Admin admin) throws InterruptedException, ExecutionException {
    List<TopicPartition> partitions = admin.describeTopics(List.of(config.inputTopic())).allTopicNames().get()
        .get(config.inputTopic()).partitions().stream()
        .map(info -> new TopicPartition(config.inputTopic(), info.partition())).toList();
    Map<TopicPartition, Long> earliest = offsets(admin, partitions, OffsetSpec.earliest());
    Map<TopicPartition, Long> latest = offsets(admin, partitions, OffsetSpec.latest());
    Map<TopicPartition, Long> end = new HashMap<>();
    latest.forEach((partition, offset) -> {
      if (offset > earliest.get(partition)) {
        end.put(partition, offset);
      }
    });
    return end;
  }

  private static Map<TopicPartition, Long> offsets(Admin admin, List<TopicPartition> partitions, OffsetSpec spec)
      throws InterruptedException, ExecutionException {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    partitions.forEach(partition -> request.put(partition, spec));
    Map<TopicPartition, Long> offsets = new HashMap<>();
    for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> entry : admin.listOffsets(request,
        new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get().entrySet()) {
      offsets.put(entry.getKey(), entry.getValue().offset());
    }
    return offsets;
  }

  private static boolean caughtUp(Map<TopicPartition, Long> end, Map<TopicPartition, OffsetAndMetadata> committed) {
    for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
      OffsetAndMetadata offset = committed.get(partition.getKey());
      if (offset == null || offset.offset() < partition.getValue()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Stops processing, committing what was processed, and leaves the consumer group; waits up to
   * {@code timeout}. Leaving matters for a quick restart: otherwise the group waits for the old
   * member's session to time out (45 s by default) before it hands the partitions to a new one.
   */
  public void close(Duration timeout) {
    streams.close(CloseOptions.timeout(timeout).withGroupMembershipOperation(GroupMembershipOperation.LEAVE_GROUP));
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }
}
