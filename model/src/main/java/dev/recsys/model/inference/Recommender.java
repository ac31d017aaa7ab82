package dev.recsys.model.inference;

import dev.recsys.model.SasrecModel;
import dev.recsys.model.data.ItemVocabulary;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Next-item recommendations from a {@link SasrecModel}, by external item id: top-K by SASRec's
 * score, never an item already in the history. Items the model does not know are skipped and
 * counted; a history with no known item gets the most popular items (cold start).
 *
 * <p>Thread-safe: it holds only the immutable model, and each call allocates its own buffers.
 * Batching many histories into one {@link #recommendBatch} call costs one forward pass for all.
 */
public final class Recommender {
  private final SasrecModel model;
  private final float[] popularityScores;

  public Recommender(SasrecModel model) {
    this.model = model;
    long[] counts = model.popularity();
    this.popularityScores = new float[counts.length];
    for (int i = 0; i < counts.length; i++) {
      popularityScores[i] = counts[i];
    }
  }

  public SasrecModel model() {
    return model;
  }

  public Recommendations recommend(List<String> history, int k) {
    return recommendBatch(List.of(history), k).get(0);
  }

  /** One result per history, in order. Histories are external item ids, oldest first. */
  public List<Recommendations> recommendBatch(List<List<String>> histories, int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k=" + k + " must be >= 1");
    }
    ItemVocabulary items = model.items();
    int numItems = items.size();
    List<int[]> known = new ArrayList<>(histories.size());
    int[] unknown = new int[histories.size()];
    List<int[]> toScore = new ArrayList<>();
    for (int u = 0; u < histories.size(); u++) {
      int[] indices = new int[histories.get(u).size()];
      int count = 0;
      for (String itemId : histories.get(u)) {
        int index = items.indexOf(itemId);
        if (index == ItemVocabulary.PADDING) {
          unknown[u]++;
        } else {
          indices[count++] = index;
        }
      }
      int[] history = java.util.Arrays.copyOf(indices, count);
      known.add(history);
      if (count > 0) {
        toScore.add(history);
      }
    }
    float[] scores = toScore.isEmpty() ? new float[0]
        : model.forward().scores(toScore).dup('c').data().asFloat();

    List<Recommendations> results = new ArrayList<>(histories.size());
    int scoredRow = 0;
    for (int u = 0; u < histories.size(); u++) {
      int[] history = known.get(u);
      BitSet seen = new BitSet(numItems + 1);
      for (int item : history) {
        seen.set(item);
      }
      boolean coldStart = history.length == 0;
      float[] row = coldStart ? popularityScores : scores;
      int offset = coldStart ? 0 : scoredRow++ * (numItems + 1);
      int[] best = TopK.select(row, offset, numItems, k, seen);
      List<ScoredItem> ranked = new ArrayList<>(best.length);
      for (int item : best) {
        ranked.add(new ScoredItem(items.idOf(item), row[offset + item]));
      }
      results.add(new Recommendations(ranked, unknown[u], coldStart));
    }
    return results;
  }
}
