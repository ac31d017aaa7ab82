package dev.recsys.model.inference;

/** A recommended item (external id) and its score; higher is better. */
public record ScoredItem(String itemId, float score) {}
