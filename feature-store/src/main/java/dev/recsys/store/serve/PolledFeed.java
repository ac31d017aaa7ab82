package dev.recsys.store.serve;

import dev.recsys.store.feed.TopicFeed;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/** The part of a {@link TopicFeed} a {@link FeedRunner} drives: poll, measure lag, close. */
interface PolledFeed extends AutoCloseable {

  /** Applies what arrived within {@code timeout}; returns the records applied. */
  int pollOnce(Duration timeout);

  /** Records on the topic not yet in the store. */
  long lag();

  @Override
  void close();

  static PolledFeed of(TopicFeed feed) {
    return new PolledFeed() {
      @Override
      public int pollOnce(Duration timeout) {
        return feed.pollOnce(timeout);
      }

      /** A partition with no stored offset counts from 0, which overstates lag on a topic whose start was deleted. */
      @Override
      public long lag() {
        Map<TopicPartition, Long> stored = feed.storedOffsets();
        long lag = 0;
        for (Map.Entry<TopicPartition, Long> end : feed.endOffsets().entrySet()) {
          lag += Math.max(0, end.getValue() - stored.getOrDefault(end.getKey(), 0L));
        }
        return lag;
      }

      @Override
      public void close() {
        feed.close();
      }
    };
  }
}
