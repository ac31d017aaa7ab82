package dev.recsys.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C (or SIGTERM) for a command that must finish cleanly: the hook runs {@code onSignal} (ask
 * the work to stop), then holds the JVM until the command's main thread has printed its summary
 * and closed this hook, at most {@link #GRACE_SECONDS} unless told otherwise.
 */
final class ShutdownHook implements AutoCloseable {
  static final long GRACE_SECONDS = 30;

  private final Thread thread;
  private final CountDownLatch finished = new CountDownLatch(1);

  private ShutdownHook(String name, long graceSeconds, Runnable onSignal) {
    this.thread = new Thread(() -> {
      onSignal.run();
      try {
        finished.await(graceSeconds, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, name + "-shutdown");
  }

  static ShutdownHook install(String name, Runnable onSignal) {
    return install(name, GRACE_SECONDS, onSignal);
  }

  /** As {@link #install(String, Runnable)}, for a command whose cleanup takes longer (child processes). */
  static ShutdownHook install(String name, long graceSeconds, Runnable onSignal) {
    ShutdownHook hook = new ShutdownHook(name, graceSeconds, onSignal);
    Runtime.getRuntime().addShutdownHook(hook.thread);
    return hook;
  }

  /** The command is done: let a running hook return, or unregister it. */
  @Override
  public void close() {
    finished.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(thread);
    } catch (IllegalStateException shutdownInProgress) {
      // The JVM is already shutting down and the hook is running; it returns now that finished is counted down.
      return;
    }
  }
}
