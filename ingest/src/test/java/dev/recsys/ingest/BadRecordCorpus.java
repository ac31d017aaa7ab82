package dev.recsys.ingest;

import dev.recsys.events.RejectionReason;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Records the validator must refuse, one or more per parser-level {@link RejectionReason}, with
 * binary garbage, a huge payload and unicode ids among them. Shared by the record-by-record and
 * the real-broker tests so both check the same corpus.
 */
public final class BadRecordCorpus {
  /** A raw record: key (may be null), value, and the reason it must be refused for. */
  public record BadRecord(byte[] key, byte[] value, RejectionReason reason) {}

  private BadRecordCorpus() {}

  public static List<BadRecord> all() {
    String okTail = "\"itemId\":\"i1\",\"action\":\"view\",\"timestamp\":1600000000000";
    List<BadRecord> corpus = new ArrayList<>();
    add(corpus, null, new byte[0], RejectionReason.EMPTY_PAYLOAD);
    add(corpus, "u1", ("{\"userId\":\"u1\",\"pad\":\"" + "x".repeat(200_000) + "\"}").getBytes(StandardCharsets.UTF_8),
        RejectionReason.PAYLOAD_TOO_LARGE);
    byte[] garbage = new byte[512];
    new Random(7).nextBytes(garbage);
    garbage[0] = (byte) 0xFF; // never valid UTF-8
    add(corpus, null, garbage, RejectionReason.NOT_UTF8);
    add(corpus, "u1", "{\"userId\":\"u1\",".getBytes(StandardCharsets.UTF_8), RejectionReason.NOT_JSON);
    add(corpus, "u1", "[\"u1\",\"i1\"]".getBytes(StandardCharsets.UTF_8), RejectionReason.NOT_AN_OBJECT);
    // Past Jackson's bounds (nesting depth 1000, number length 1000): rejected, not thrown.
    add(corpus, "u1", json("[".repeat(1500)), RejectionReason.NOT_JSON);
    add(corpus, "u1", json("{\"userId\":\"u1\",\"value\":" + "9".repeat(1200) + "," + okTail + "}"), RejectionReason.NOT_JSON);
    add(corpus, null, json("{\"userId\":\"u\\ud800\"," + okTail + "}"), RejectionReason.INVALID_ID);
    add(corpus, "u1", json("{" + okTail + "}"), RejectionReason.MISSING_FIELD);
    add(corpus, "u1", json("{\"userId\":\"u1\",\"itemId\":\"i1\",\"action\":\"view\",\"timestamp\":\"1600000000000\"}"),
        RejectionReason.WRONG_TYPE);
    add(corpus, "u1", json("{\"userId\":\"u1\",\"userId\":\"u1\"," + okTail + "}"), RejectionReason.DUPLICATE_FIELD);
    add(corpus, "u1", json("{\"userId\":\"u1\",\"sessionId\":\"s\"," + okTail + "}"), RejectionReason.UNKNOWN_FIELD);
    add(corpus, null, json("{\"userId\":\"\"," + okTail + "}"), RejectionReason.EMPTY_ID);
    add(corpus, null, json("{\"userId\":\"" + "ü".repeat(300) + "\"," + okTail + "}"), RejectionReason.ID_TOO_LONG);
    add(corpus, null, json("{\"userId\":\"u1\\n\"," + okTail + "}"), RejectionReason.INVALID_ID);
    add(corpus, "u1", json("{\"userId\":\"u1\",\"itemId\":\"i1\",\"action\":\"teleport\",\"timestamp\":1600000000000}"),
        RejectionReason.UNKNOWN_ACTION);
    add(corpus, "u1", json("{\"userId\":\"u1\",\"itemId\":\"i1\",\"action\":\"view\",\"timestamp\":1600000000}"),
        RejectionReason.TIMESTAMP_TOO_OLD);
    add(corpus, "u1", json("{\"userId\":\"u1\",\"itemId\":\"i1\",\"action\":\"view\",\"timestamp\":99999999999999}"),
        RejectionReason.TIMESTAMP_IN_FUTURE);
    add(corpus, "u1", json("{\"userId\":\"u1\",\"value\":1e400," + okTail + "}"), RejectionReason.INVALID_VALUE);
    add(corpus, "someone-else", json("{\"userId\":\"u1\"," + okTail + "}"), RejectionReason.KEY_MISMATCH);
    return corpus;
  }

  private static void add(List<BadRecord> corpus, String key, byte[] value, RejectionReason reason) {
    corpus.add(new BadRecord(key == null ? null : key.getBytes(StandardCharsets.UTF_8), value, reason));
  }

  private static byte[] json(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
