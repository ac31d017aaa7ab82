package dev.recsys.stream.kafka;

import dev.recsys.events.UserAction;

/**
 * What the job makes of one input record: exactly one of a valid action or a dead letter. One type,
 * because a Kafka source emits one type; the job splits it right after the source.
 */
public record IncomingRecord(SourcedAction action, DeadLetter deadLetter) {
  public IncomingRecord {
    if ((action == null) == (deadLetter == null)) {
      throw new IllegalArgumentException("an incoming record is either an action or a dead letter");
    }
  }

  public static IncomingRecord valid(UserAction action, int partition, long offset) {
    return new IncomingRecord(new SourcedAction(action, partition, offset), null);
  }

  public static IncomingRecord rejected(DeadLetter deadLetter) {
    return new IncomingRecord(null, deadLetter);
  }

  public boolean isValid() {
    return action != null;
  }
}
