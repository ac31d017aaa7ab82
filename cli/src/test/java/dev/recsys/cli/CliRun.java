package dev.recsys.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * One in-process run of {@code recsys args}, with stdout and stderr captured. The commands print
 * results with System.out and progress with System.err, so both are captured along with picocli's
 * own writers.
 */
record CliRun(int exitCode, String out, String err) {

  static CliRun recsys(String... args) {
    ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    PrintStream outStream = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    PrintStream errStream = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    int exitCode;
    try {
      System.setOut(outStream);
      System.setErr(errStream);
      PrintWriter out = new PrintWriter(outStream, true);
      PrintWriter err = new PrintWriter(errStream, true);
      exitCode = RecsysCli.commandLine().setOut(out).setErr(err).execute(args);
      out.flush();
      err.flush();
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }
    CliRun run = new CliRun(exitCode, outBytes.toString(StandardCharsets.UTF_8), errBytes.toString(StandardCharsets.UTF_8));
    originalErr.println("recsys " + String.join(" ", args) + " -> exit " + exitCode);
    return run;
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
  }
}
