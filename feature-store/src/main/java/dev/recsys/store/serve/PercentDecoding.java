package dev.recsys.store.serve;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict percent-decoding of one path segment or query component: {@code %XX} must be two hex
 * digits and the bytes must be UTF-8, or the request is refused naming {@code field}. Done here on
 * the raw target rather than by Jetty, because an id may hold any character, {@code /} included.
 */
final class PercentDecoding {
  private PercentDecoding() {}

  /** A path segment: {@code +} is a plus sign. */
  static String pathSegment(String raw, String field) {
    return decode(raw, field, false);
  }

  /** A query name or value (form encoding): {@code +} is a space. */
  static String queryComponent(String raw, String field) {
    return decode(raw, field, true);
  }

  private static String decode(String raw, String field, boolean plusIsSpace) {
    if (raw.indexOf('%') < 0 && !(plusIsSpace && raw.indexOf('+') >= 0)) {
      return raw;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      int c = raw.codePointAt(i);
      if (c == '%') {
        int high = i + 1 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
        int low = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 2), 16) : -1;
        if (high < 0 || low < 0) {
          throw new BadRequest(field, field + ": bad percent-encoding at character " + (i + 1)
              + " (% must be followed by two hex digits)");
        }
        bytes.write(high * 16 + low);
        i += 2;
      } else if (c == '+' && plusIsSpace) {
        bytes.write(' ');
      } else if (c < 0x80) {
        bytes.write(c);
      } else {
        // Raw non-ASCII in a target is not RFC 3986, but clients send it; it is taken as the UTF-8 it was.
        bytes.writeBytes(Character.toString(c).getBytes(StandardCharsets.UTF_8));
        i += Character.charCount(c) - 1;
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      throw new BadRequest(field, field + ": percent-encoded bytes are not UTF-8");
    }
  }
}
