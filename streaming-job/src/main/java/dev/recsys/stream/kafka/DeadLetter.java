package dev.recsys.stream.kafka;

import dev.recsys.events.RejectionReason;
import java.util.Objects;

/**
 * An input record that broke the event contract, as it arrived, with the reason: it goes to the
 * dead-letter topic in the validator's format ({@link dev.recsys.events.DeadLetterHeaders}) rather
 * than being dropped or failing the job.
 *
 * @param key the original key bytes (may be null)
 * @param value the original value bytes (may be null)
 */
public record DeadLetter(
    String topic, int partition, long offset, long timestamp, byte[] key, byte[] value, RejectionReason reason, String detail) {
  public DeadLetter {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(detail, "detail");
  }
}
