package dev.recsys.retrain;

import dev.recsys.events.ModelUpdate;
import dev.recsys.events.ModelUpdateJson;
import dev.recsys.store.feed.TopicFeed;
import dev.recsys.store.kv.InMemoryStore;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Finds the model the streaming jobs serve: the newest announcement on the model-updates topic
 * that they would have accepted. A job that refuses an announcement (its file is gone, its bytes do
 * not match the checksum, it is not a whole artifact) keeps the model it had, so an announcement
 * that fails those checks here is skipped, loudly, and the one before it is the baseline.
 */
final class ServingModelLookup {
  private ServingModelLookup() {}

  /** One record of the topic, parsed or not. */
  private record Announcement(ModelUpdate update, String problem, long timestamp, int partition, long offset) {
    String where() {
      return "partition " + partition + " offset " + offset;
    }
  }

  /**
   * @param warnings told every announcement skipped and why
   * @return the newest announced model that loads, or empty when none does (or none was made)
   * @throws IllegalArgumentException if the topic does not exist
   */
  static Optional<ServingModel> latest(Map<String, Object> kafka, String topic, Duration idleTimeout,
      Consumer<String> warnings) {
    List<Announcement> announcements = readAll(kafka, topic, idleTimeout);
    for (int i = announcements.size() - 1; i >= 0; i--) {
      Announcement announcement = announcements.get(i);
      if (announcement.update() == null) {
        warnings.accept("skipping the record at " + topic + " " + announcement.where() + ": " + announcement.problem());
        continue;
      }
      try {
        return Optional.of(ServingModel.fromAnnouncement(announcement.update()));
      } catch (IOException e) {
        warnings.accept("skipping announcement " + announcement.update().version() + " (" + topic + " "
            + announcement.where() + "), the jobs refuse it too: " + e.getMessage());
      }
    }
    return Optional.empty();
  }

  private static List<Announcement> readAll(Map<String, Object> kafka, String topic, Duration idleTimeout) {
    List<Announcement> announcements = new ArrayList<>();
    // A throw-away store: the topic is small and read whole every time, from the first record.
    try (InMemoryStore offsets = new InMemoryStore("model-updates");
        TopicFeed feed = new TopicFeed("serving-model", kafka, topic, offsets, (record, batch) ->
            announcements.add(parse(record)))) {
      feed.replayTo(feed.endOffsets(), idleTimeout, applied -> { });
    }
    // One partition in the standard layout; over several, announcement time orders them.
    announcements.sort(Comparator.comparingLong(Announcement::timestamp).thenComparingInt(Announcement::partition)
        .thenComparingLong(Announcement::offset));
    return announcements;
  }

  private static Announcement parse(ConsumerRecord<byte[], byte[]> record) {
    ModelUpdate update = null;
    String problem = null;
    try {
      update = ModelUpdateJson.parse(record.value());
    } catch (IllegalArgumentException e) {
      problem = e.getMessage();
    }
    return new Announcement(update, problem, record.timestamp(), record.partition(), record.offset());
  }
}
