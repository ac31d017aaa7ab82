package dev.recsys.store.serve.bench;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

/**
 * A closed-loop HTTP/1.1 load generator for the serving benchmark: {@code connections} threads, each
 * with one keep-alive socket, sending GET after GET for a fixed time and timing each from the write
 * of the request to the last byte of the response.
 *
 * <p>Raw sockets rather than java.net.http: its per-request cost (futures, a selector thread) is
 * several times that of the server's work here, and client and server share the same cores. Being
 * closed-loop, it measures latency at the throughput the server sustains, not at a fixed offered
 * rate (a stall delays the next requests instead of queueing them).
 */
public final class LoadGenerator {
  private final InetSocketAddress server;
  private final int connections;

  public LoadGenerator(InetSocketAddress server, int connections) {
    if (connections < 1) {
      throw new IllegalArgumentException("connections must be at least 1, got " + connections);
    }
    this.server = server;
    this.connections = connections;
  }

  /** One run's figures: request latencies sorted ascending. */
  public record Result(long requests, long errors, double seconds, long[] sortedNanos) {
    public double perSecond() {
      return requests / seconds;
    }

    /** The latency at quantile {@code q} (0.5, 0.99, 0.999) in milliseconds. */
    public double millisAt(double q) {
      if (sortedNanos.length == 0) {
        return Double.NaN;
      }
      int index = (int) Math.min(sortedNanos.length - 1, Math.ceil(q * sortedNanos.length) - 1);
      return sortedNanos[Math.max(0, index)] / 1e6;
    }
  }

  /**
   * Sends requests for {@code duration}; each connection picks its next path with {@code path}
   * and a random generator of its own. A response other than 200 counts as an error.
   */
  public Result run(Duration duration, Function<SplittableRandom, String> path) throws InterruptedException {
    long end = System.nanoTime() + duration.toNanos();
    List<Connection> workers = new ArrayList<>();
    CountDownLatch done = new CountDownLatch(connections);
    SplittableRandom seeds = new SplittableRandom(42);
    for (int i = 0; i < connections; i++) {
      Connection worker = new Connection(seeds.split(), path, end, done);
      workers.add(worker);
      Thread thread = new Thread(worker, "load-" + i);
      thread.setDaemon(true);
      thread.start();
    }
    long start = System.nanoTime();
    done.await();
    double seconds = (System.nanoTime() - start) / 1e9;
    long requests = 0;
    long errors = 0;
    int latencies = 0;
    for (Connection worker : workers) {
      if (worker.failure != null) {
        throw new UncheckedIOException("connection to " + server + " failed: " + worker.failure.getMessage(), worker.failure);
      }
      requests += worker.count;
      errors += worker.errors;
      latencies += worker.count;
    }
    long[] all = new long[latencies];
    int at = 0;
    for (Connection worker : workers) {
      System.arraycopy(worker.nanos, 0, all, at, worker.count);
      at += worker.count;
    }
    Arrays.sort(all);
    return new Result(requests, errors, seconds, all);
  }

  private final class Connection implements Runnable {
    private final SplittableRandom random;
    private final Function<SplittableRandom, String> path;
    private final long end;
    private final CountDownLatch done;
    long[] nanos = new long[1 << 16];
    int count;
    long errors;
    IOException failure;

    Connection(SplittableRandom random, Function<SplittableRandom, String> path, long end, CountDownLatch done) {
      this.random = random;
      this.path = path;
      this.end = end;
      this.done = done;
    }

    @Override
    public void run() {
      try (Socket socket = new Socket()) {
        socket.setTcpNoDelay(true);
        socket.connect(server);
        OutputStream out = socket.getOutputStream();
        InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
          byte[] request = ("GET " + path.apply(random) + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII);
          long sent = System.nanoTime();
          out.write(request);
          out.flush();
          int status = readResponse(in);
          record(System.nanoTime() - sent);
          if (status != 200) {
            errors++;
          }
        }
      } catch (IOException e) {
        failure = e;
      } finally {
        done.countDown();
      }
    }

    private void record(long latency) {
      if (count == nanos.length) {
        nanos = Arrays.copyOf(nanos, 2 * count);
      }
      nanos[count++] = latency;
    }
  }

  /** Reads one response (status line, headers, a Content-Length body); returns its status. */
  static int readResponse(InputStream in) throws IOException {
    String statusLine = readLine(in);
    if (statusLine.length() < 12 || !statusLine.startsWith("HTTP/1.1 ")) {
      throw new IOException("not an HTTP/1.1 status line: '" + statusLine + "'");
    }
    int status = Integer.parseInt(statusLine.substring(9, 12));
    long length = -1;
    for (String header = readLine(in); !header.isEmpty(); header = readLine(in)) {
      if (header.regionMatches(true, 0, "Content-Length:", 0, 15)) {
        length = Long.parseLong(header.substring(15).strip());
      }
    }
    if (length < 0) {
      throw new IOException("response " + status + " without Content-Length");
    }
    for (long left = length; left > 0; ) {
      long skipped = in.skip(left);
      if (skipped <= 0) {
        if (in.read() < 0) {
          throw new EOFException("connection closed inside a response body");
        }
        skipped = 1;
      }
      left -= skipped;
    }
    return status;
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder(64);
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new EOFException("connection closed by the server");
      }
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }
}
