package dev.recsys.retrain;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the replay of the clean topic did in this run.
 *
 * @param topic the topic replayed
 * @param endOffsets the snapshot replayed up to: partition -> end offset (exclusive)
 * @param records records read in this run (a resumed or repeated run reads only what is new)
 * @param accepted of those, events appended to the store
 * @param rejected of those, records that break the event contract, by reason code
 * @param examples the first few rejected records: where and why
 * @param storedEvents events in the store after the replay, over every run
 * @param items items in the store's vocabulary after the replay
 * @param seconds wall time of the replay
 */
public record ReplaySummary(String topic, Map<Integer, Long> endOffsets, long records, long accepted,
    Map<String, Long> rejected, List<String> examples, long storedEvents, int items, double seconds) {

  public ReplaySummary {
    endOffsets = Collections.unmodifiableMap(new TreeMap<>(endOffsets));
    rejected = Map.copyOf(rejected);
    examples = List.copyOf(examples);
  }

  public long rejectedTotal() {
    return rejected.values().stream().mapToLong(Long::longValue).sum();
  }

  public double recordsPerSecond() {
    return seconds > 0 ? records / seconds : 0;
  }
}
