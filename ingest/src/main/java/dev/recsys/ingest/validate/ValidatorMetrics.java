package dev.recsys.ingest.validate;

import dev.recsys.events.RejectionReason;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * The validator's counters, registered with Kafka Streams' metrics so they show up wherever Streams
 * metrics do (JMX under {@code kafka.streams:type=stream-recsys-validator-metrics}, {@code
 * KafkaStreams.metrics()}): {@code valid-total}/{@code -rate}, {@code rejected-total}/{@code -rate},
 * and one {@code rejected-<reason>-total}/{@code -rate} per {@link RejectionReason}, tagged with
 * the task and the reason.
 */
final class ValidatorMetrics {
  static final String SCOPE = "recsys-validator";
  static final String GROUP = "stream-" + SCOPE + "-metrics";
  static final String VALID = "valid";
  static final String REJECTED = "rejected";
  static final String REASON_TAG = "reason";

  private final StreamsMetrics metrics;
  private final Sensor valid;
  private final Sensor rejected;
  private final Map<RejectionReason, Sensor> byReason = new EnumMap<>(RejectionReason.class);

  ValidatorMetrics(StreamsMetrics metrics, String taskId) {
    this.metrics = metrics;
    this.valid = metrics.addRateTotalSensor(SCOPE, taskId, VALID, Sensor.RecordingLevel.INFO);
    this.rejected = metrics.addRateTotalSensor(SCOPE, taskId, REJECTED, Sensor.RecordingLevel.INFO);
    // Registered up front so that a reason that never happens reads 0 rather than being absent.
    for (RejectionReason reason : RejectionReason.values()) {
      byReason.put(reason, metrics.addRateTotalSensor(SCOPE, taskId, operation(reason),
          Sensor.RecordingLevel.INFO, REASON_TAG, reason.code()));
    }
  }

  /** The metric-name stem of one reason's counter, e.g. {@code rejected-not-json}. */
  static String operation(RejectionReason reason) {
    return REJECTED + "-" + reason.code();
  }

  void recordValid() {
    valid.record();
  }

  void recordRejected(RejectionReason reason) {
    rejected.record();
    byReason.get(reason).record();
  }

  /** Unregisters every sensor, so a task that moves to another thread does not leave stale metrics. */
  void close() {
    List<Sensor> sensors = new ArrayList<>(byReason.values());
    sensors.add(valid);
    sensors.add(rejected);
    sensors.forEach(metrics::removeSensor);
  }
}
