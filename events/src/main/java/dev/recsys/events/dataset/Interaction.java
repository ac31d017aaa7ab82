package dev.recsys.events.dataset;

import java.util.Objects;

/**
 * One parsed line of an interaction file.
 *
 * <p>{@code timestamp} is in the file's own unit and is not converted: seconds since the epoch for
 * MovieLens {@code ratings.dat}, whatever the file holds for CSV, and 0 on every line of a SASRec
 * {@code .txt}, which has no timestamps (its lines are already in time order, and consumers that
 * sort stably keep that order).
 *
 * <p>{@code value} is the rating or weight the line carries: the MovieLens rating, or the CSV
 * column named {@code rating}, {@code value} or {@code score} when the header has one. Lines
 * without one carry {@link Double#NaN}; {@link #hasValue()} tells the two apart.
 */
public record Interaction(String userId, String itemId, long timestamp, double value) {

  public Interaction {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(itemId, "itemId");
    // NaN is the "no value" marker; an infinite value would be a parser bug, not data.
    if (Double.isInfinite(value)) {
      throw new IllegalArgumentException("interaction value must be finite or NaN, got " + value);
    }
  }

  /** An interaction from a line that carries no rating or weight. */
  static Interaction withoutValue(String userId, String itemId, long timestamp) {
    return new Interaction(userId, itemId, timestamp, Double.NaN);
  }

  /** Whether the line carried a rating or weight, i.e. {@link #value()} is not NaN. */
  public boolean hasValue() {
    return !Double.isNaN(value);
  }
}
