package dev.recsys.model.train;

import dev.recsys.model.data.ItemVocabulary;
import dev.recsys.model.data.SequenceDataset;
import dev.recsys.model.data.UserSequence;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A dataset with a deterministic sequential rule: every user walks the same cycle of items from a
 * random starting point, so the next item follows from the last one alone, while every item is
 * about equally popular (popularity is near chance).
 */
final class CyclicWalks {
  private CyclicWalks() {}

  static SequenceDataset generate(int users, int cycleLength, int minLength, int maxLength, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    ItemVocabulary items = new ItemVocabulary();
    for (int i = 1; i <= cycleLength; i++) {
      items.getOrAdd("item-" + i);
    }
    List<UserSequence> sequences = new ArrayList<>();
    for (int u = 0; u < users; u++) {
      int start = random.nextInt(cycleLength);
      int length = minLength + random.nextInt(maxLength - minLength + 1);
      int[] walk = new int[length];
      for (int i = 0; i < length; i++) {
        walk[i] = 1 + (start + i) % cycleLength;
      }
      sequences.add(new UserSequence("user-" + u, walk));
    }
    return new SequenceDataset(sequences, items, new SequenceDataset.DataSource("generated:cyclic-walks", null,
        "generated", 0));
  }
}
