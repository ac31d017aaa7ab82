package dev.recsys.model.inference;

import java.util.BitSet;
import java.util.PriorityQueue;

/** Selects the k best-scored indices of a score row, skipping excluded ones. */
final class TopK {
  private TopK() {}

  /**
   * Indices in [1, numItems] (index 0 is padding), best first; ties go to the lower index, so the
   * result does not depend on iteration order.
   *
   * @param row scores laid out as {@code scores[offset + index]}
   */
  static int[] select(float[] scores, int offset, int numItems, int k, BitSet excluded) {
    // Min-heap of the best k so far: its head is the weakest kept candidate.
    PriorityQueue<Integer> heap = new PriorityQueue<>(k + 1, (a, b) -> {
      int byScore = Float.compare(scores[offset + a], scores[offset + b]);
      return byScore != 0 ? byScore : Integer.compare(b, a);
    });
    for (int item = 1; item <= numItems; item++) {
      if (excluded.get(item) || Float.isNaN(scores[offset + item])) {
        continue;
      }
      if (heap.size() < k) {
        heap.add(item);
      } else if (heap.comparator().compare(item, heap.peek()) > 0) {
        heap.poll();
        heap.add(item);
      }
    }
    int[] best = new int[heap.size()];
    for (int i = best.length - 1; i >= 0; i--) {
      best[i] = heap.poll();
    }
    return best;
  }
}
