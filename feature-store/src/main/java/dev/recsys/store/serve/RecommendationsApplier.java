package dev.recsys.store.serve;

import dev.recsys.events.Recommendation;
import dev.recsys.events.RecommendationJson;
import dev.recsys.store.feed.TopicFeed;
import dev.recsys.store.kv.Batch;
import dev.recsys.store.recommendation.RecommendationStore;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Keeps each user's latest recommendations, and which model made them. */
final class RecommendationsApplier implements TopicFeed.RecordHandler {
  static final String INVALID = "invalid-recommendation";
  static final String TOMBSTONE = "tombstone";

  private final RecommendationStore recommendations;
  private final ModelAnnouncementStore models;
  private final FeedTally tally;

  RecommendationsApplier(RecommendationStore recommendations, ModelAnnouncementStore models, FeedTally tally) {
    this.recommendations = recommendations;
    this.models = models;
    this.tally = tally;
  }

  @Override
  public void apply(ConsumerRecord<byte[], byte[]> record, Batch batch) {
    if (record.value() == null) {
      // The topic is compacted; nothing deletes a user's recommendations today, so a tombstone is unexpected.
      RejectedRecords.report(tally, record, TOMBSTONE, "no value");
      return;
    }
    Recommendation recommendation;
    try {
      recommendation = RecommendationJson.parse(record.value());
    } catch (IllegalArgumentException e) {
      RejectedRecords.report(tally, record, INVALID, e.getMessage());
      return;
    }
    if (recommendation.userId().isEmpty()) {
      RejectedRecords.report(tally, record, INVALID, "recommendation: userId is empty");
      return;
    }
    recommendations.put(batch, recommendation);
    models.recommendedWith(batch, recommendation.modelVersion());
    tally.applied();
  }
}
