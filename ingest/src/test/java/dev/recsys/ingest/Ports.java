package dev.recsys.ingest;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Ports for test brokers. Shared with the CLI's tests through ingest's test jar. */
public final class Ports {
  private Ports() {}

  /** {@code count} distinct ports free right now (all held open together, so they differ). */
  public static int[] free(int count) throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket(0);
        sockets.add(socket);
        ports[i] = socket.getLocalPort();
      }
      return ports;
    } finally {
      for (ServerSocket socket : sockets) {
        socket.close();
      }
    }
  }

  /** Fails unless nothing listens on {@code port}; one in TIME_WAIT after a clean stop counts as free, as for Kafka. */
  public static void assertFree(int port) throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress("localhost", port));
    }
  }
}
