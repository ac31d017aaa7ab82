package dev.recsys.model.train;

import dev.recsys.model.data.UserSequence;
import dev.recsys.model.sasrec.TrainingBatch;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Cuts training sequences into batches as the paper's sampler does: for a user's training items
 * s1..sn, the input is s1..s(n-1) and the target at each position is the next item, both
 * right-aligned in maxLen slots (the most recent maxLen kept), with negatives drawn uniformly from
 * items the user never interacted with. Unlike the authors' sampler, which draws users with
 * replacement, an epoch visits every user once in a seeded random order; the last batch is filled
 * up from the start of the order because the graph's batch size is fixed.
 */
final class BatchSampler {
  private final List<UserSequence> users = new ArrayList<>();
  private final int numItems;
  private final int maxLen;
  private final int batchSize;
  private final int negativesPerPosition;
  private final SplittableRandom random;

  BatchSampler(List<UserSequence> trainingSequences, int numItems, int maxLen, int batchSize,
      int negativesPerPosition, long seed) {
    for (UserSequence user : trainingSequences) {
      if (user.length() >= 2) {       // one item has no next item to learn from
        users.add(user);
      }
    }
    if (users.isEmpty()) {
      throw new IllegalArgumentException("no user has two or more training items: nothing to learn from");
    }
    this.numItems = numItems;
    this.maxLen = maxLen;
    this.batchSize = batchSize;
    this.negativesPerPosition = negativesPerPosition;
    this.random = new SplittableRandom(seed);
  }

  int usersPerEpoch() {
    return users.size();
  }

  int batchesPerEpoch() {
    return (users.size() + batchSize - 1) / batchSize;
  }

  /** A fresh random order of the users for the next epoch, cut into batches. */
  List<TrainingBatch> epoch() {
    int[] order = new int[users.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    List<TrainingBatch> batches = new ArrayList<>();
    for (int start = 0; start < order.length; start += batchSize) {
      List<UserSequence> members = new ArrayList<>(batchSize);
      for (int i = 0; i < batchSize; i++) {
        members.add(users.get(order[(start + i) % order.length]));
      }
      batches.add(batch(members));
    }
    return batches;
  }

  TrainingBatch batch(List<UserSequence> members) {
    int[][] input = new int[members.size()][maxLen];
    int[][] positive = new int[members.size()][maxLen];
    int[] negatives = new int[members.size() * maxLen * negativesPerPosition];
    BitSet seen = new BitSet(numItems + 1);
    for (int u = 0; u < members.size(); u++) {
      int[] items = members.get(u).items();
      seen.clear();
      for (int item : items) {
        seen.set(item);
      }
      boolean sawEverything = seen.cardinality() - (seen.get(0) ? 1 : 0) >= numItems;
      int targets = Math.min(items.length - 1, maxLen);
      for (int i = 0; i < targets; i++) {
        int slot = maxLen - targets + i;
        int next = items.length - targets + i;
        input[u][slot] = items[next - 1];
        positive[u][slot] = items[next];
        for (int k = 0; k < negativesPerPosition; k++) {
          negatives[(u * maxLen + slot) * negativesPerPosition + k] = unseenItem(seen, sawEverything);
        }
      }
    }
    return new TrainingBatch(input, positive, negatives, negativesPerPosition);
  }

  private int unseenItem(BitSet seen, boolean sawEverything) {
    if (sawEverything) {
      return 1 + random.nextInt(numItems);   // the user saw everything; any item is as good a negative
    }
    int item;
    do {
      item = 1 + random.nextInt(numItems);
    } while (seen.get(item));
    return item;
  }
}
