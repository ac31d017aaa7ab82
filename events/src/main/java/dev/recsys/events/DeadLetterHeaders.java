package dev.recsys.events;

/**
 * Header names on {@link Topics#DEAD_LETTER} records. The record's key and value are the original
 * bytes, untouched; these headers say why and where from. Values are UTF-8 strings.
 */
public final class DeadLetterHeaders {
  /** {@link RejectionReason#code()}. */
  public static final String REASON = "recsys.dlq.reason";
  /** A readable explanation naming the field. */
  public static final String DETAIL = "recsys.dlq.detail";
  public static final String SOURCE_TOPIC = "recsys.dlq.source.topic";
  public static final String SOURCE_PARTITION = "recsys.dlq.source.partition";
  public static final String SOURCE_OFFSET = "recsys.dlq.source.offset";
  /**
   * The original record's timestamp, epoch milliseconds. The dead letter itself is stamped with the
   * time it was refused, so that the dead-letter topic's retention counts from then: a record
   * stamped with a year-2000 event time would otherwise be deleted at once.
   */
  public static final String SOURCE_TIMESTAMP = "recsys.dlq.source.timestamp";
  /** When the validator refused it, epoch milliseconds (also the dead letter's record timestamp). */
  public static final String REJECTED_AT = "recsys.dlq.rejected.at";
  /** Prefix of every header above; stripped from valid records so they cannot carry forged ones. */
  public static final String PREFIX = "recsys.dlq.";

  private DeadLetterHeaders() {}
}
