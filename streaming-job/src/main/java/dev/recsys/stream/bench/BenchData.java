package dev.recsys.stream.bench;

import dev.recsys.events.dataset.DatasetFormat;
import dev.recsys.events.dataset.InteractionReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dataset as the benchmark replays it: every user's timeline in time order, users one after
 * another as the SASRec file lists them. That order, not an interleaving of all users, is what
 * makes the first few thousand events look like a running system's: histories grow to maxLen as
 * they do for real users, whereas the first minutes of a synthetic round-robin replay score
 * histories of one to three items.
 */
record BenchData(Path file, String sha256, List<String[]> events, Map<String, List<String>> histories,
    Map<String, Long> itemCounts) {

  static BenchData read(Path file) throws IOException {
    List<String[]> events = new ArrayList<>();
    Map<String, List<String>> histories = new LinkedHashMap<>();
    Map<String, Long> counts = new LinkedHashMap<>();
    InteractionReader.ReadSummary summary = InteractionReader.read(file, DatasetFormat.detect(file), false, i -> {
      events.add(new String[] {i.userId(), i.itemId()});
      histories.computeIfAbsent(i.userId(), u -> new ArrayList<>()).add(i.itemId());
      counts.merge(i.itemId(), 1L, Long::sum);
    });
    return new BenchData(file, summary.sha256(), events, histories, counts);
  }

  /** The first {@code n} events of the replay, wrapping around if the dataset is shorter. */
  List<String[]> replay(int n) {
    List<String[]> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(events.get(i % events.size()));
    }
    return out;
  }

  /**
   * The history length the job scores for each of {@code replayed}: the user's items so far,
   * including this one (the job appends, then scores), capped at {@code maxLen}.
   */
  static int[] scoredLengths(List<String[]> replayed, int maxLen) {
    Map<String, Integer> seen = new java.util.HashMap<>();
    int[] lengths = new int[replayed.size()];
    for (int i = 0; i < lengths.length; i++) {
      lengths[i] = Math.min(maxLen, seen.merge(replayed.get(i)[0], 1, Integer::sum));
    }
    return lengths;
  }
}
