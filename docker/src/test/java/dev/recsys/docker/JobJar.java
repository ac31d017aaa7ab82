package dev.recsys.docker;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarFile;

/**
 * The shaded job jar the Flink image carries, read as a cluster would: its manifest, its entries, and
 * its own classes loaded next to the Flink runtime a cluster provides (the streaming-job build lists
 * those jars in target/classpath-provided.txt), in a class loader of their own, so neither Flink nor the
 * jar's copies of picocli and Jackson reach this test's classpath.
 */
final class JobJar {
  private final Path jar;
  private final Path providedClasspath;

  JobJar(Path jar, Path providedClasspath) {
    this.jar = jar;
    this.providedClasspath = providedClasspath;
  }

  Path path() {
    return jar;
  }

  String mainClass() throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      var manifest = file.getManifest();
      String main = manifest == null ? null : manifest.getMainAttributes().getValue("Main-Class");
      if (main == null) {
        throw new IllegalStateException(jar + " has no Main-Class in its manifest");
      }
      return main;
    }
  }

  boolean containsClass(String className) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      return file.getEntry(className.replace('.', '/') + ".class") != null;
    }
  }

  /**
   * Parses {@code args} with the jar's own {@code recsys stream} command line (picocli, the way
   * {@code StreamJob.main} would, without running anything).
   *
   * @return the parser's message when it refuses them
   */
  Optional<String> refusal(List<String> args) throws IOException, ReflectiveOperationException {
    try (URLClassLoader loader = new URLClassLoader(urls(), ClassLoader.getPlatformClassLoader())) {
      Class<?> command = loader.loadClass("dev.recsys.stream.cli.StreamCommand");
      Object commandLine = command.getMethod("commandLine", boolean.class).invoke(null, false);
      try {
        commandLine.getClass().getMethod("parseArgs", String[].class).invoke(commandLine, (Object) args.toArray(String[]::new));
        return Optional.empty();
      } catch (InvocationTargetException e) {
        return Optional.of(e.getCause().getClass().getSimpleName() + ": " + e.getCause().getMessage());
      }
    }
  }

  private URL[] urls() throws IOException {
    if (!Files.isRegularFile(providedClasspath)) {
      throw new IllegalStateException(providedClasspath + " is missing; build the job first: "
          + "mvn -pl streaming-job -am package -DskipTests");
    }
    List<URL> urls = new ArrayList<>();
    urls.add(url(jar));
    for (String entry : Files.readString(providedClasspath).strip().split(File.pathSeparator)) {
      if (!entry.isBlank()) {
        urls.add(url(Path.of(entry)));
      }
    }
    return urls.toArray(URL[]::new);
  }

  private static URL url(Path path) throws MalformedURLException {
    return path.toUri().toURL();
  }
}
