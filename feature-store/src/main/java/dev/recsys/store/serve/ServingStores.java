package dev.recsys.store.serve;

import dev.recsys.store.kv.KeyValueStore;
import dev.recsys.store.recommendation.RecommendationStore;
import dev.recsys.store.sequence.SequenceStore;
import dev.recsys.store.vocabulary.VocabularyStore;

/** The typed stores the serving process reads and its feeds write, all views over one key-value store. */
public record ServingStores(KeyValueStore kv, VocabularyStore vocabulary, SequenceStore sequences,
    RecommendationStore recommendations, ModelAnnouncementStore models) {

  public static ServingStores over(KeyValueStore kv) {
    return new ServingStores(kv, new VocabularyStore(kv), new SequenceStore(kv), new RecommendationStore(kv),
        new ModelAnnouncementStore(kv));
  }
}
