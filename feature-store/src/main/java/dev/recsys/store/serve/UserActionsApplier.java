package dev.recsys.store.serve;

import dev.recsys.events.ParseResult;
import dev.recsys.events.UserAction;
import dev.recsys.events.UserActionParser;
import dev.recsys.store.feed.TopicFeed;
import dev.recsys.store.kv.Batch;
import dev.recsys.store.sequence.SequenceStore;
import dev.recsys.store.vocabulary.VocabularyStore;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Applies validated user actions: the item gets its index in the vocabulary and the event is
 * appended to the user's sequence, both in the poll's batch. A record that breaks the contract
 * (the validator let it through, or someone wrote to the topic directly) is counted and logged,
 * and the feed goes on.
 */
final class UserActionsApplier implements TopicFeed.RecordHandler {
  private final UserActionParser parser;
  private final VocabularyStore vocabulary;
  private final SequenceStore sequences;
  private final FeedTally tally;

  UserActionsApplier(UserActionParser parser, VocabularyStore vocabulary, SequenceStore sequences, FeedTally tally) {
    this.parser = parser;
    this.vocabulary = vocabulary;
    this.sequences = sequences;
    this.tally = tally;
  }

  @Override
  public void apply(ConsumerRecord<byte[], byte[]> record, Batch batch) {
    ParseResult result = parser.parse(record.value());
    if (result instanceof ParseResult.Rejected rejected) {
      RejectedRecords.report(tally, record, rejected.reason().code(), rejected.detail());
      return;
    }
    UserAction action = ((ParseResult.Accepted) result).action();
    int item = vocabulary.getOrAdd(batch, action.itemId());
    sequences.append(batch, action.userId(), action.timestamp(), item);
    tally.applied();
  }
}
