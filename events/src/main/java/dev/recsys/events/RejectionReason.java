package dev.recsys.events;

/**
 * Why a record is not a valid {@link UserAction}. The {@link #code()} is what the dead-letter
 * topic's {@code recsys.dlq.reason} header and the validator's metrics carry, so it is stable: add
 * new reasons, never rename one.
 */
public enum RejectionReason {
  /** A null or zero-length value (a tombstone is not an event). */
  EMPTY_PAYLOAD("empty-payload"),
  /** Larger than {@link EventLimits#maxPayloadBytes()}; checked before anything is decoded. */
  PAYLOAD_TOO_LARGE("payload-too-large"),
  /** The bytes are not valid UTF-8. */
  NOT_UTF8("not-utf8"),
  /** Not a single well-formed JSON document. */
  NOT_JSON("not-json"),
  /** Well-formed JSON, but not an object. */
  NOT_AN_OBJECT("not-an-object"),
  /** A required field is absent or null. */
  MISSING_FIELD("missing-field"),
  /** A field has the wrong JSON type, e.g. a string timestamp or a numeric user id. */
  WRONG_TYPE("wrong-type"),
  /** The same field appears twice; which one a reader keeps is undefined, so neither is trusted. */
  DUPLICATE_FIELD("duplicate-field"),
  /** A field the contract does not define (often a misspelt optional one, e.g. {@code eventID}). */
  UNKNOWN_FIELD("unknown-field"),
  /** An id that is empty or only whitespace. */
  EMPTY_ID("empty-id"),
  /** An id longer than {@link EventLimits#maxIdLength()} characters. */
  ID_TOO_LONG("id-too-long"),
  /** An id with surrounding whitespace or control characters, which would make a look-alike id. */
  INVALID_ID("invalid-id"),
  /** An action type that is neither known nor mapped by an alias. */
  UNKNOWN_ACTION("unknown-action"),
  /** Event time before {@link EventLimits#minTimestamp()} (often seconds sent as milliseconds). */
  TIMESTAMP_TOO_OLD("timestamp-too-old"),
  /** Event time further ahead of the clock than {@link EventLimits#maxFutureSkew()}. */
  TIMESTAMP_IN_FUTURE("timestamp-in-future"),
  /** A value that is not a finite number. */
  INVALID_VALUE("invalid-value"),
  /** The record key is set and is not the event's user id, so the record may sit in another user's partition. */
  KEY_MISMATCH("key-mismatch"),
  /** An event id already seen within the validator's de-duplication window. */
  DUPLICATE_EVENT("duplicate-event"),
  /**
   * The validator itself failed on this record (a bug, not the record's fault); the detail names
   * the exception. Dead-lettered rather than stopping the stream, so it can be replayed once fixed.
   */
  PROCESSING_ERROR("processing-error");

  private final String code;

  RejectionReason(String code) {
    this.code = code;
  }

  /** The stable, kebab-case name used in headers and metrics. */
  public String code() {
    return code;
  }

  /** The reason with this {@link #code()}. */
  public static RejectionReason fromCode(String code) {
    for (RejectionReason reason : values()) {
      if (reason.code.equals(code)) {
        return reason;
      }
    }
    throw new IllegalArgumentException("unknown rejection reason code '" + code + "'");
  }
}
