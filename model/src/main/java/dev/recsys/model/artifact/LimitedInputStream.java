package dev.recsys.model.artifact;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads at most a fixed number of bytes of another stream and leaves it open, so the JSON parser
 * can consume the header without reading (or buffering) into the tensor data behind it.
 */
final class LimitedInputStream extends FilterInputStream {
  private long remaining;

  LimitedInputStream(InputStream in, long limit) {
    super(in);
    this.remaining = limit;
  }

  @Override
  public int read() throws IOException {
    if (remaining <= 0) {
      return -1;
    }
    int b = in.read();
    if (b >= 0) {
      remaining--;
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (remaining <= 0) {
      return length == 0 ? 0 : -1;
    }
    int n = in.read(buffer, offset, (int) Math.min(length, remaining));
    if (n > 0) {
      remaining -= n;
    }
    return n;
  }

  /** Skips by reading, so that a digesting stream below still sees every byte. */
  @Override
  public long skip(long n) throws IOException {
    byte[] scratch = new byte[(int) Math.min(8192, Math.max(0, Math.min(n, remaining)))];
    long skipped = 0;
    while (skipped < n && remaining > 0) {
      int read = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
      if (read <= 0) {
        break;
      }
      skipped += read;
    }
    return skipped;
  }

  @Override
  public int available() throws IOException {
    return (int) Math.min(in.available(), remaining);
  }

  /** Bytes of the limit not yet read. */
  long remaining() {
    return remaining;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  /** Leaves the underlying stream open: it still holds the rest of the file. */
  @Override
  public void close() {}
}
