package dev.recsys.events;

import java.util.LinkedHashMap;
import java.util.Map;

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

  /** Longer details are cut: a detail quotes the record, which may be large. */
  public static final int MAX_DETAIL_CHARS = 512;

  private DeadLetterHeaders() {}

  /**
   * Every header of one dead letter, in this order, with the detail cut to {@link #MAX_DETAIL_CHARS}:
   * the one place both writers of the dead-letter topic (the validator and the Flink job) take them from.
   *
   * @param sourceTopic null when the source record's position is unknown; the three source fields are then left out
   */
  public static Map<String, String> of(RejectionReason reason, String detail, String sourceTopic, int sourcePartition,
      long sourceOffset, long sourceTimestamp, long rejectedAt) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(REASON, reason.code());
    headers.put(DETAIL, detail.length() <= MAX_DETAIL_CHARS ? detail : detail.substring(0, MAX_DETAIL_CHARS - 3) + "...");
    if (sourceTopic != null) {
      headers.put(SOURCE_TOPIC, sourceTopic);
      headers.put(SOURCE_PARTITION, Integer.toString(sourcePartition));
      headers.put(SOURCE_OFFSET, Long.toString(sourceOffset));
    }
    headers.put(SOURCE_TIMESTAMP, Long.toString(sourceTimestamp));
    headers.put(REJECTED_AT, Long.toString(rejectedAt));
    return headers;
  }
}
