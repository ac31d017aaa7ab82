package dev.recsys.store.serve;

/**
 * A request the API refuses with 400: {@code field} names the path segment or query parameter at
 * fault ({@code userId}, {@code limit}, ...), the message says why.
 */
final class BadRequest extends RuntimeException {
  private final String field;

  BadRequest(String field, String message) {
    super(message, null, false, false);
    this.field = field;
  }

  String field() {
    return field;
  }
}
