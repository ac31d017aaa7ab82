package dev.recsys.retrain;

import dev.recsys.events.ActionTypes;
import dev.recsys.events.EventLimits;
import dev.recsys.events.ParseResult;
import dev.recsys.events.UserAction;
import dev.recsys.events.UserActionParser;
import dev.recsys.store.feed.TopicFeed;
import dev.recsys.store.kv.Batch;
import dev.recsys.store.sequence.SequenceStore;
import dev.recsys.store.vocabulary.VocabularyStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Applies the clean topic's records to the sequence and vocabulary stores. Every record there has
 * passed the validator, so one that does not parse means someone wrote to the topic past it: it is
 * counted by reason, a few are kept as examples, and the replay goes on.
 *
 * <p>Parsed with the validator's default limits but any action type, since the validator may have
 * been run with aliases or {@code --accept-unknown-actions}: every action counts as an interaction.
 */
final class ActionReplay implements TopicFeed.RecordHandler {
  static final int EXAMPLES = 5;

  private final UserActionParser parser;
  private final SequenceStore sequences;
  private final VocabularyStore vocabulary;
  private final Map<String, Long> rejected = new TreeMap<>();
  private final List<String> examples = new ArrayList<>();
  private long accepted;

  ActionReplay(SequenceStore sequences, VocabularyStore vocabulary, Clock clock) {
    this.parser = new UserActionParser(EventLimits.DEFAULT, new ActionTypes(ActionTypes.STANDARD, Map.of(), true),
        clock);
    this.sequences = sequences;
    this.vocabulary = vocabulary;
  }

  @Override
  public void apply(ConsumerRecord<byte[], byte[]> record, Batch batch) {
    ParseResult result = parser.parse(record.value());
    if (result instanceof ParseResult.Accepted ok) {
      UserAction action = ok.action();
      sequences.append(batch, action.userId(), action.timestamp(), vocabulary.getOrAdd(batch, action.itemId()));
      accepted++;
    } else if (result instanceof ParseResult.Rejected no) {
      rejected.merge(no.reason().code(), 1L, Long::sum);
      if (examples.size() < EXAMPLES) {
        examples.add(record.topic() + "-" + record.partition() + "@" + record.offset() + " " + no);
      }
    }
  }

  long accepted() {
    return accepted;
  }

  /** Records refused, by reason code. */
  Map<String, Long> rejected() {
    return Map.copyOf(rejected);
  }

  /** The first few refused records: where they are and why. */
  List<String> examples() {
    return List.copyOf(examples);
  }
}
