package dev.recsys.stream.cli;

/**
 * The shaded jar's entry class, for {@code flink run} and the REST API's {@code /jars/<id>/run}:
 * the same options as {@code recsys stream}. It never calls {@code System.exit}: when the
 * JobManager runs the main method itself, exiting would take the JobManager down, so a failure is
 * thrown instead.
 */
public final class StreamJob {
  private StreamJob() {}

  public static void main(String[] args) {
    int status = StreamCommand.commandLine(false).execute(args);
    if (status != 0) {
      throw new IllegalArgumentException("recsys stream: exited with status " + status + " (see the message above)");
    }
  }
}
