package dev.recsys.store.serve;

import dev.recsys.events.ModelUpdate;
import dev.recsys.events.ModelUpdateJson;
import dev.recsys.store.feed.TopicFeed;
import dev.recsys.store.kv.Batch;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Keeps the latest model announcement; its record timestamp is when it was announced. */
final class ModelUpdatesApplier implements TopicFeed.RecordHandler {
  static final String INVALID = "invalid-model-update";

  private final ModelAnnouncementStore models;
  private final FeedTally tally;

  ModelUpdatesApplier(ModelAnnouncementStore models, FeedTally tally) {
    this.models = models;
    this.tally = tally;
  }

  @Override
  public void apply(ConsumerRecord<byte[], byte[]> record, Batch batch) {
    ModelUpdate update;
    try {
      update = ModelUpdateJson.parse(record.value());
    } catch (IllegalArgumentException e) {
      RejectedRecords.report(tally, record, INVALID, e.getMessage());
      return;
    }
    models.announce(batch, new ModelAnnouncement(update, record.timestamp()));
    tally.applied();
  }
}
