package dev.recsys.model.data;

import java.util.List;

/**
 * A dataset for sequential recommendation: every user's time-ordered item sequence, the item
 * vocabulary that maps them to external ids, and where the data came from (for provenance).
 */
public record SequenceDataset(List<UserSequence> users, ItemVocabulary items, DataSource source) {

  public SequenceDataset {
    users = List.copyOf(users);
  }

  public int numUsers() {
    return users.size();
  }

  public int numItems() {
    return items.size();
  }

  public long numActions() {
    long total = 0;
    for (UserSequence user : users) {
      total += user.length();
    }
    return total;
  }

  /**
   * Where a dataset came from.
   *
   * @param location file path (or topic, for replayed data) as given by the user
   * @param sha256 hex SHA-256 of the file's bytes as read (before decompression), or null if not a file
   * @param format the reader's format name
   * @param skippedLines malformed lines skipped under --skip-bad-lines (0 otherwise)
   */
  public record DataSource(String location, String sha256, String format, long skippedLines) {}
}
