package dev.recsys.model.eval;

import dev.recsys.model.SasrecModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Ranks a larger catalogue with a scorer that knows only its first items, the way a serving model
 * meets a retrained one's catalogue: items 1..known keep their indices, items after them are new.
 * Histories lose the items the scorer cannot know (as the online recommender drops unknown ids);
 * a history left empty is scored by the cold-start scorer (the recommender's popularity fallback).
 * Items it cannot know score {@code -Infinity}, so with the evaluator's pessimistic ties a held-out
 * new item ranks last, never first: the serving model gets no credit for items it has never seen.
 */
public final class PrefixCatalogueScorer implements SequenceScorer {
  private final SequenceScorer known;
  private final SequenceScorer coldStart;
  private final int numItems;

  /**
   * @param known scores items 1..known.numItems()
   * @param coldStart scores the same items for a history with none of them
   * @param numItems the catalogue ranked, at least the scorers' own
   */
  public PrefixCatalogueScorer(SequenceScorer known, SequenceScorer coldStart, int numItems) {
    if (coldStart.numItems() != known.numItems()) {
      throw new IllegalArgumentException("prefix catalogue: cold-start scorer has " + coldStart.numItems()
          + " items, the scorer " + known.numItems());
    }
    if (numItems < known.numItems()) {
      throw new IllegalArgumentException("prefix catalogue: " + numItems + " items is fewer than the scorer's "
          + known.numItems());
    }
    this.known = known;
    this.coldStart = coldStart;
    this.numItems = numItems;
  }

  /** A trained model on a catalogue that extends its vocabulary: its SASRec scores, popularity when cold. */
  public static PrefixCatalogueScorer of(SasrecModel model, int numItems) {
    return new PrefixCatalogueScorer(model.scorer(), new PopularityScorer(model.popularity()), numItems);
  }

  @Override
  public float[][] score(List<int[]> histories) {
    int knownItems = known.numItems();
    List<int[]> warm = new ArrayList<>(histories.size());
    List<int[]> cold = new ArrayList<>();
    boolean[] isCold = new boolean[histories.size()];
    for (int i = 0; i < histories.size(); i++) {
      int[] kept = Arrays.stream(histories.get(i)).filter(item -> item >= 1 && item <= knownItems).toArray();
      isCold[i] = kept.length == 0;
      (isCold[i] ? cold : warm).add(kept);
    }
    float[][] warmScores = warm.isEmpty() ? new float[0][] : known.score(warm);
    float[][] coldScores = cold.isEmpty() ? new float[0][] : coldStart.score(cold);
    float[][] rows = new float[histories.size()][];
    int w = 0;
    int c = 0;
    for (int i = 0; i < rows.length; i++) {
      float[] row = isCold[i] ? coldScores[c++] : warmScores[w++];
      rows[i] = Arrays.copyOf(row, numItems + 1);
      Arrays.fill(rows[i], knownItems + 1, numItems + 1, Float.NEGATIVE_INFINITY);
    }
    return rows;
  }

  @Override
  public int numItems() {
    return numItems;
  }
}
