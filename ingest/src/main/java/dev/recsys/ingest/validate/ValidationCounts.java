package dev.recsys.ingest.validate;

import dev.recsys.events.RejectionReason;
import java.util.Map;
import java.util.stream.Collectors;

/** How many records the validator passed and refused, by reason (reasons never seen are absent). */
public record ValidationCounts(long valid, Map<RejectionReason, Long> rejected) {
  public ValidationCounts {
    rejected = Map.copyOf(rejected);
  }

  public long rejectedTotal() {
    return rejected.values().stream().mapToLong(Long::longValue).sum();
  }

  @Override
  public String toString() {
    String reasons = rejected.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(entry -> entry.getKey().code() + " " + entry.getValue())
        .collect(Collectors.joining(", "));
    return String.format("valid %,d, refused %,d%s", valid, rejectedTotal(), reasons.isEmpty() ? "" : " (" + reasons + ")");
  }
}
