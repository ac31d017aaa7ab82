package dev.recsys.retrain;

import dev.recsys.model.data.ItemVocabulary;
import dev.recsys.model.data.UserSequence;
import dev.recsys.store.sequence.SequenceStore;
import dev.recsys.store.vocabulary.VocabularyStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The training set read back from the store in one scan: each user's newest events (as many as
 * training and the leave-one-out hold-out can use), and item popularity over every stored event.
 * Memory is bounded by users x {@code keep}, not by the number of events; one user's whole history
 * is held only while it is counted.
 *
 * @param users one sequence per user with at least one event, in the store's key order
 * @param items the store's vocabulary (indices 1..size as in the sequences)
 * @param popularity events per item index over the whole store (index 0, padding, is 0)
 * @param events events scanned
 */
record TrainingData(List<UserSequence> users, ItemVocabulary items, long[] popularity, long events) {

  /**
   * The newest events that training can see: SASRec reads the last {@code maxLen} inputs, each with
   * its next item as target (maxLen + 1 items), and leave-one-out holds back two more (validation
   * and test).
   */
  static int keptPerUser(int maxLen) {
    return maxLen + 3;
  }

  static TrainingData read(SequenceStore sequences, VocabularyStore vocabulary, int keep) {
    ItemVocabulary items = ItemVocabulary.of(vocabulary.ids());
    long[] popularity = new long[items.size() + 1];
    List<UserSequence> users = new ArrayList<>();
    long[] events = new long[1];
    sequences.forEachUser(Integer.MAX_VALUE, history -> {
      int[] all = history.items();
      for (int item : all) {
        if (item < 1 || item > items.size()) {
          throw new IllegalStateException("store: user '" + history.userId() + "' has item index " + item
              + " but the vocabulary holds 1.." + items.size());
        }
        popularity[item]++;
      }
      events[0] += all.length;
      if (all.length > 0) {
        users.add(new UserSequence(history.userId(), Arrays.copyOfRange(all, Math.max(0, all.length - keep),
            all.length)));
      }
    });
    return new TrainingData(users, items, popularity, events[0]);
  }
}
