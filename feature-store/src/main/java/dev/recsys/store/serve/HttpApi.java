package dev.recsys.store.serve;

import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The Jetty server the API runs in: one HTTP/1.1 connector with the request-header bound and idle
 * timeout of {@link ServeSettings}, a bounded thread pool, JSON error pages.
 */
public final class HttpApi implements AutoCloseable {
  /**
   * Ids are decoded by the API itself, segment by segment (an id may contain '/', '%', '..'), so
   * Jetty is told to pass encoded separators and odd encodings through rather than refuse them.
   */
  private static final UriCompliance URI_COMPLIANCE = UriCompliance.DEFAULT.with("recsys-serve",
      UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR, UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING,
      UriCompliance.Violation.AMBIGUOUS_PATH_SEGMENT, UriCompliance.Violation.AMBIGUOUS_EMPTY_SEGMENT,
      UriCompliance.Violation.BAD_PERCENT_ENCODING, UriCompliance.Violation.BAD_UTF8_ENCODING,
      UriCompliance.Violation.TRUNCATED_UTF8_ENCODING, UriCompliance.Violation.UTF16_ENCODINGS);

  private final Server server;
  private final ServerConnector connector;
  private final String host;

  private HttpApi(Server server, ServerConnector connector, String host) {
    this.server = server;
    this.connector = connector;
    this.host = host;
  }

  /** Starts serving {@code handler}; failing to listen (a taken port, say) is an IOException saying so. */
  public static HttpApi start(ServeSettings settings, Handler handler) throws IOException {
    QueuedThreadPool threads = new QueuedThreadPool(settings.maxThreads(), Math.min(ServeSettings.MIN_THREADS,
        settings.maxThreads()));
    threads.setName("serve-http");
    Server server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setRequestHeaderSize(settings.maxRequestHeaderBytes());
    http.setSendServerVersion(false);
    http.setUriCompliance(URI_COMPLIANCE);
    // One acceptor and one selector: the API is small requests on few connections; more only cost threads.
    ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
    connector.setHost(settings.host());
    connector.setPort(settings.port());
    connector.setIdleTimeout(settings.idleTimeout().toMillis());
    server.addConnector(connector);
    server.setErrorHandler(new JsonErrorHandler());
    server.setHandler(handler);
    try {
      server.start();
    } catch (Exception e) {
      stopQuietly(server, e);
      throw new IOException("cannot listen on " + settings.host() + ":" + settings.port() + ": " + reason(e), e);
    }
    return new HttpApi(server, connector, settings.host());
  }

  /** Binding is what fails in practice: a taken port, an address that is not this machine's. */
  private static String reason(Exception e) {
    Throwable bind = e instanceof BindException ? e : e.getCause() instanceof BindException ? e.getCause() : null;
    if (bind != null && bind.getMessage() != null && bind.getMessage().contains("in use")) {
      return "the port is not free";
    }
    Throwable shown = bind != null ? bind : e;
    return shown.getClass().getSimpleName() + (shown.getMessage() == null ? "" : ": " + shown.getMessage());
  }

  private static void stopQuietly(Server server, Exception cause) {
    try {
      server.stop();
    } catch (Exception stop) {
      cause.addSuppressed(stop);
    }
  }

  /** The port it listens on (the chosen one when the settings asked for 0). */
  public int port() {
    return connector.getLocalPort();
  }

  /** Where a client on this machine reaches the API: a wildcard address is reached as localhost. */
  public URI baseUri() {
    String name = host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host.contains(":") ? "[" + host + "]" : host;
    return URI.create("http://" + name + ":" + port() + "/");
  }

  /** Stops accepting, closes connections and the thread pool (idempotent). */
  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("the HTTP server did not stop cleanly: " + e.getMessage(), e);
    }
  }
}
