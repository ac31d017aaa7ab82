package dev.recsys.store.serve;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How every feed reports a record it refuses: counted by reason, logged with where it is. */
final class RejectedRecords {
  private static final Logger LOG = LoggerFactory.getLogger(RejectedRecords.class);

  private RejectedRecords() {}

  static void report(FeedTally tally, ConsumerRecord<?, ?> record, String reason, String detail) {
    tally.rejected(reason);
    LOG.warn("feed {}: refused {}-{}@{} ({}): {}", tally.feed(), record.topic(), record.partition(), record.offset(),
        reason, detail);
  }
}
