package dev.recsys.ingest.validate;

import dev.recsys.events.RejectionReason;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Running totals for one validator instance, shared by its processors (one per task, on several
 * threads). Kept beside the Kafka Streams metrics because those are unregistered when a task moves
 * or the application closes, and the final counts are wanted after exactly that.
 */
final class ValidationTally {
  private final LongAdder valid = new LongAdder();
  private final Map<RejectionReason, LongAdder> rejected = new EnumMap<>(RejectionReason.class);

  ValidationTally() {
    for (RejectionReason reason : RejectionReason.values()) {
      rejected.put(reason, new LongAdder());
    }
  }

  void valid() {
    valid.increment();
  }

  void rejected(RejectionReason reason) {
    rejected.get(reason).increment();
  }

  ValidationCounts counts() {
    Map<RejectionReason, Long> byReason = new EnumMap<>(RejectionReason.class);
    rejected.forEach((reason, count) -> {
      if (count.sum() > 0) {
        byReason.put(reason, count.sum());
      }
    });
    return new ValidationCounts(valid.sum(), byReason);
  }
}
