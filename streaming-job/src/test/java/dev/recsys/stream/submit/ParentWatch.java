package dev.recsys.stream.submit;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Arrays;
import java.util.Optional;

/**
 * Entry class of the test cluster's JVMs: {@code ParentWatch <parent pid> <main class> <args...>}
 * runs the main class and halts the JVM when the parent process ends. A shutdown hook in the test
 * JVM covers a normal exit or SIGTERM, but not a SIGKILL (a forked test JVM past its timeout);
 * without this a JobManager or TaskManager would then outlive the build and hold its ports.
 *
 * <p>The class is copied on its own into a directory on the cluster's classpath, so it must stay
 * self-contained: no nested classes, nothing from the project.
 */
public final class ParentWatch {
  private ParentWatch() {}

  public static void main(String[] args) throws Throwable {
    if (args.length < 2) {
      throw new IllegalArgumentException("usage: ParentWatch <parent pid> <main class> [args...]");
    }
    Optional<ProcessHandle> parent = ProcessHandle.of(Long.parseLong(args[0]));
    if (parent.isEmpty()) {
      Runtime.getRuntime().halt(3);
    }
    parent.get().onExit().thenRun(() -> Runtime.getRuntime().halt(3));
    Class<?> mainClass = Class.forName(args[1]);
    MethodHandles.publicLookup()
        .findStatic(mainClass, "main", MethodType.methodType(void.class, String[].class))
        .invoke((Object) Arrays.copyOfRange(args, 2, args.length));
  }
}
