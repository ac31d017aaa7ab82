package dev.recsys.model.data;

/**
 * One parsed line of an interaction file. Formats without a timestamp use 0 for every line, which
 * leaves file order in place because sequences are sorted stably.
 */
record Interaction(String userId, String itemId, long timestamp) {}
