package dev.recsys.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class UserActionParserTest {
  static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
  static final UserActionParser PARSER = new UserActionParser(
      EventLimits.DEFAULT, ActionTypes.withAliases(Map.of("addToCart", "add-to-cart")),
      Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void acceptsTheContractExample() {
    UserAction action = accepted(
        "{\"userId\":\"u42\",\"itemId\":\"m1193\",\"action\":\"rating\",\"timestamp\":978300760000,"
            + "\"value\":5.0,\"eventId\":\"e-1\"}");
    assertEquals(new UserAction("u42", "m1193", "rating", 978300760000L, 5.0, "e-1"), action);
  }

  @Test
  void optionalFieldsMayBeAbsentOrNullAndFieldOrderIsFree() {
    assertEquals(UserAction.of("u1", "i1", "view", 1_000_000_000_000L),
        accepted("{\"timestamp\":1000000000000,\"action\":\"view\",\"itemId\":\"i1\",\"userId\":\"u1\"}"));
    assertEquals(UserAction.of("u1", "i1", "view", 1_000_000_000_000L),
        accepted("{\"userId\":\"u1\",\"itemId\":\"i1\",\"action\":\"view\",\"timestamp\":1000000000000,"
            + "\"value\":null,\"eventId\":null}"));
  }

  @Test
  void normalisesActionsAndAppliesAliases() {
    assertEquals("purchase", accepted(event("\" Purchase\"", "1000000000000")).action());
    assertEquals("add-to-cart", accepted(event("\"addToCart\"", "1000000000000")).action());
  }

  @Test
  void keepsUnicodeIdsExactly() {
    UserAction action = accepted("{\"userId\":\"用户-ü-😀\",\"itemId\":\"é\",\"action\":\"view\",\"timestamp\":1000000000000}");
    assertEquals("用户-ü-😀", action.userId());
    assertEquals("é", action.itemId());
  }

  @Test
  void canonicalJsonRoundTrips() {
    UserAction original = new UserAction("u\"1\\", "ü", "rating", 978300760000L, 4.5, "e-9");
    byte[] json = UserActionJson.toBytes(original);
    assertEquals(original, accepted(json));
    assertEquals("{\"userId\":\"u1\",\"itemId\":\"i\",\"action\":\"view\",\"timestamp\":1000000000000}",
        UserActionJson.toJson(UserAction.of("u1", "i", "view", 1_000_000_000_000L)));
  }

  static Stream<Arguments> rejections() {
    String ok = "\"itemId\":\"i1\",\"action\":\"view\",\"timestamp\":1000000000000";
    return Stream.of(
        Arguments.of("", RejectionReason.EMPTY_PAYLOAD, "empty"),
        Arguments.of("x".repeat(EventLimits.DEFAULT.maxPayloadBytes() + 1), RejectionReason.PAYLOAD_TOO_LARGE, "16385 bytes"),
        Arguments.of("{\"userId\":\"u1\"", RejectionReason.NOT_JSON, ""),
        Arguments.of("{\"userId\":\"u1\"," + ok + "} {}", RejectionReason.NOT_JSON, "after the object"),
        Arguments.of("   ", RejectionReason.NOT_JSON, "blank"),
        Arguments.of("nope", RejectionReason.NOT_JSON, ""),
        Arguments.of("[1,2]", RejectionReason.NOT_AN_OBJECT, "an array"),
        Arguments.of("[".repeat(1500), RejectionReason.NOT_JSON, "nesting depth"),
        Arguments.of("{\"userId\":\"u1\",\"value\":" + "1".repeat(1200) + "," + ok + "}", RejectionReason.NOT_JSON, "Number value length"),
        Arguments.of("{\"userId\":\"u\\ud800\"," + ok + "}", RejectionReason.INVALID_ID, "unpaired surrogate U+D800"),
        Arguments.of("42", RejectionReason.NOT_AN_OBJECT, "an integer"),
        Arguments.of("{" + ok + "}", RejectionReason.MISSING_FIELD, "userId"),
        Arguments.of("{\"userId\":null," + ok + "}", RejectionReason.MISSING_FIELD, "userId"),
        Arguments.of("{\"userId\":\"u\",\"action\":\"view\",\"timestamp\":1000000000000}", RejectionReason.MISSING_FIELD, "itemId"),
        Arguments.of("{\"userId\":\"u\",\"itemId\":\"i\",\"timestamp\":1000000000000}", RejectionReason.MISSING_FIELD, "action"),
        Arguments.of("{\"userId\":\"u\",\"itemId\":\"i\",\"action\":\"view\"}", RejectionReason.MISSING_FIELD, "timestamp"),
        Arguments.of("{\"userId\":42," + ok + "}", RejectionReason.WRONG_TYPE, "userId: expected a string, got an integer"),
        Arguments.of("{\"userId\":{\"a\":1}," + ok + "}", RejectionReason.WRONG_TYPE, "got an object"),
        Arguments.of(event("\"view\"", "\"1000000000000\""), RejectionReason.WRONG_TYPE, "timestamp: expected an integer"),
        Arguments.of(event("\"view\"", "1000000000000.5"), RejectionReason.WRONG_TYPE, "a decimal number"),
        Arguments.of(event("\"view\"", "99999999999999999999"), RejectionReason.WRONG_TYPE, "64 bits"),
        Arguments.of(event("true", "1000000000000"), RejectionReason.WRONG_TYPE, "action"),
        Arguments.of("{\"userId\":\"u1\",\"value\":\"5\"," + ok + "}", RejectionReason.WRONG_TYPE, "value: expected a number"),
        Arguments.of("{\"userId\":\"u1\",\"eventId\":7," + ok + "}", RejectionReason.WRONG_TYPE, "eventId"),
        Arguments.of("{\"userId\":\"u1\",\"userId\":\"u2\"," + ok + "}", RejectionReason.DUPLICATE_FIELD, "userId"),
        Arguments.of("{\"userId\":\"u1\",\"value\":null,\"value\":1," + ok + "}", RejectionReason.DUPLICATE_FIELD, "value"),
        Arguments.of("{\"userId\":\"u1\",\"eventID\":\"e\"," + ok + "}", RejectionReason.UNKNOWN_FIELD, "'eventID'"),
        Arguments.of("{\"userId\":\"\"," + ok + "}", RejectionReason.EMPTY_ID, "userId"),
        Arguments.of("{\"userId\":\"  \"," + ok + "}", RejectionReason.EMPTY_ID, "userId"),
        Arguments.of("{\"userId\":\"u1\",\"itemId\":\"" + "é".repeat(257) + "\",\"action\":\"view\",\"timestamp\":1000000000000}",
            RejectionReason.ID_TOO_LONG, "itemId: 257 characters"),
        Arguments.of("{\"userId\":\" u1\"," + ok + "}", RejectionReason.INVALID_ID, "whitespace"),
        Arguments.of("{\"userId\":\"u\\u00001\"," + ok + "}", RejectionReason.INVALID_ID, "U+0000"),
        Arguments.of(event("\"teleport\"", "1000000000000"), RejectionReason.UNKNOWN_ACTION, "'teleport'"),
        Arguments.of(event("\"\"", "1000000000000"), RejectionReason.UNKNOWN_ACTION, "action"),
        Arguments.of(event("\"view\"", "978300760"), RejectionReason.TIMESTAMP_TOO_OLD, "looks like seconds"),
        Arguments.of(event("\"view\"", "-5"), RejectionReason.TIMESTAMP_TOO_OLD, "before 1995"),
        Arguments.of(event("\"view\"", Long.toString(NOW.plus(Duration.ofDays(2)).toEpochMilli())),
            RejectionReason.TIMESTAMP_IN_FUTURE, "after now"),
        Arguments.of("{\"userId\":\"u1\",\"value\":1e999," + ok + "}", RejectionReason.INVALID_VALUE, "finite"));
  }

  @ParameterizedTest(name = "{1}: {0}")
  @MethodSource("rejections")
  void rejectsWithReasonNamingTheField(String payload, RejectionReason reason, String detailPart) {
    ParseResult.Rejected rejected = assertInstanceOf(ParseResult.Rejected.class,
        PARSER.parse(payload.getBytes(StandardCharsets.UTF_8)), payload);
    assertEquals(reason, rejected.reason(), rejected.toString());
    assertTrue(rejected.detail().contains(detailPart), () -> "detail '" + rejected.detail() + "' lacks '" + detailPart + "'");
    // The text entry point (JSON lines) agrees with the bytes one.
    assertEquals(rejected, PARSER.parse(payload));
  }

  @Test
  void everyParserReasonIsCovered() {
    Set<RejectionReason> covered = EnumSet.noneOf(RejectionReason.class);
    rejections().forEach(arguments -> covered.add((RejectionReason) arguments.get()[1]));
    covered.add(RejectionReason.NOT_UTF8); // below: not expressible as a String
    Set<RejectionReason> validatorOnly = EnumSet.of(RejectionReason.KEY_MISMATCH, RejectionReason.DUPLICATE_EVENT,
        RejectionReason.PROCESSING_ERROR);
    for (RejectionReason reason : RejectionReason.values()) {
      assertTrue(covered.contains(reason) || validatorOnly.contains(reason), reason + " has no test");
    }
  }

  @Test
  void rejectsInvalidUtf8AndNullPayload() {
    byte[] latin1 = "{\"userId\":\"J\u00fcrgen\"}".getBytes(StandardCharsets.ISO_8859_1);
    assertEquals(RejectionReason.NOT_UTF8, rejectedReason(latin1));
    byte[] garbage = new byte[256];
    Arrays.fill(garbage, (byte) 0xC3);
    assertEquals(RejectionReason.NOT_UTF8, rejectedReason(garbage));
    assertEquals(RejectionReason.EMPTY_PAYLOAD, rejectedReason(null));
  }

  @Test
  void detailsDoNotEchoHugeFields() {
    String name = "x".repeat(10_000);
    ParseResult.Rejected rejected = (ParseResult.Rejected) PARSER.parse(
        ("{\"" + name + "\":1}").getBytes(StandardCharsets.UTF_8));
    assertEquals(RejectionReason.UNKNOWN_FIELD, rejected.reason());
    assertTrue(rejected.detail().length() < 200, rejected.detail());
  }

  @Test
  void unknownActionsPassWhenConfigured() {
    UserActionParser lenient = new UserActionParser(EventLimits.DEFAULT,
        new ActionTypes(ActionTypes.STANDARD, Map.of(), true), Clock.systemUTC());
    assertEquals("teleport", ((ParseResult.Accepted) lenient.parse(event("\"Teleport\"", "1000000000000"))).action().action());
  }

  @Test
  void passedThroughActionsStillObeyTheIdRules() {
    UserActionParser lenient = new UserActionParser(EventLimits.DEFAULT,
        new ActionTypes(ActionTypes.STANDARD, Map.of(), true), Clock.systemUTC());
    ParseResult.Rejected control = assertInstanceOf(ParseResult.Rejected.class, lenient.parse(event("\"a\\u0000b\"", "1000000000000")));
    assertEquals(RejectionReason.UNKNOWN_ACTION, control.reason());
    assertTrue(control.detail().contains("'a\\u0000b'"), control.detail());
    assertEquals(RejectionReason.UNKNOWN_ACTION, ((ParseResult.Rejected) lenient.parse(
        event("\"" + "x".repeat(300) + "\"", "1000000000000"))).reason());
  }

  @Test
  void configurationErrorsNameTheSetting() {
    IllegalArgumentException alias = assertThrows(IllegalArgumentException.class,
        () -> ActionTypes.withAliases(Map.of("buy", "purchased")));
    assertTrue(alias.getMessage().contains("'buy'"), alias.getMessage());
    IllegalArgumentException limit = assertThrows(IllegalArgumentException.class,
        () -> new EventLimits(10, 5, EventLimits.EARLIEST_EVENT_TIME, Duration.ZERO));
    assertTrue(limit.getMessage().contains("maxPayloadBytes"), limit.getMessage());
  }

  private static String event(String action, String timestamp) {
    return "{\"userId\":\"u1\",\"itemId\":\"i1\",\"action\":" + action + ",\"timestamp\":" + timestamp + "}";
  }

  private static UserAction accepted(String json) {
    return accepted(json.getBytes(StandardCharsets.UTF_8));
  }

  private static UserAction accepted(byte[] json) {
    ParseResult result = PARSER.parse(json);
    return assertInstanceOf(ParseResult.Accepted.class, result, () -> result.toString()).action();
  }

  private static RejectionReason rejectedReason(byte[] payload) {
    return assertInstanceOf(ParseResult.Rejected.class, PARSER.parse(payload)).reason();
  }
}
