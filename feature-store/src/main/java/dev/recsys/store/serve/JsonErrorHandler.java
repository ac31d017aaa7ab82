package dev.recsys.store.serve;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own errors (a request header over the limit, a request target it cannot parse, a failure
 * outside the handler) in the API's JSON shape, {@code {"error": ..., "field": ...}}, instead of
 * Jetty's HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {
  static final String TARGET = "target";

  @Override
  protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
      Callback callback) {
    byte[] body = ServeHandler.json(badPercentEncoding(code, cause)
        ? new ServeHandler.ErrorBody(TARGET + ": bad percent-encoding (% must be followed by two hex digits)", TARGET)
        : new ServeHandler.ErrorBody(message == null || message.isBlank() ? HttpStatus.getMessage(code) : message, null));
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, ServeHandler.JSON_TYPE);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  /**
   * Whether Jetty refused the request line because a '%' is not followed by two hex digits: it
   * parses the target before any handler runs and says only "Bad Request", with its hex parser's
   * NumberFormatException ("!hex ...") as the cause.
   */
  private static boolean badPercentEncoding(int code, Throwable cause) {
    for (Throwable t = cause; code == HttpStatus.BAD_REQUEST_400 && t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof NumberFormatException && t.getMessage() != null && t.getMessage().startsWith("!hex")) {
        return true;
      }
    }
    return false;
  }
}
