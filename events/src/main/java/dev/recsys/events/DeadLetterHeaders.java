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
  /** When the validator refused it, epoch milliseconds. */
  public static final String REJECTED_AT = "recsys.dlq.rejected.at";

  private DeadLetterHeaders() {}
}
