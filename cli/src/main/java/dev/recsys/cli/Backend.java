package dev.recsys.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.nd4j.linalg.factory.Nd4j;

/** What the process runs on, for logs and provenance. */
final class Backend {
  private Backend() {}

  /** ND4J's backend (CPU or CUDA) and its thread count. */
  static String describe() {
    String name = Nd4j.getBackend().getClass().getSimpleName();
    String kind = name.toLowerCase().contains("cuda") || name.toLowerCase().contains("jcublas") ? "CUDA" : "CPU";
    return kind + " (" + name + ", " + Nd4j.getEnvironment().maxMasterThreads() + " threads, "
        + Runtime.getRuntime().availableProcessors() + " cores visible)";
  }

  static String libraryVersion() {
    Properties properties = new Properties();
    try (InputStream in = Backend.class.getResourceAsStream(RecsysCli.VersionProvider.RESOURCE)) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + RecsysCli.VersionProvider.RESOURCE, e);
    }
    return "recsys " + properties.getProperty("version", "unknown") + ", ND4J "
        + properties.getProperty("nd4j.version", "unknown");
  }

  /** Peak resident memory of this process (heap and ND4J's off-heap buffers), from /proc. */
  static String peakMemory() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
          return String.format("%.2f GiB", kb / 1024.0 / 1024.0);
        }
      }
      return "unknown";
    } catch (IOException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }
}
