package dev.recsys.cli.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recsys.cli.RecsysCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code recsys bench serve} end to end, tiny: it fills a store, serves it, drives it, and prints figures. */
class ServeBenchTest {
  private static final Pattern ROW = Pattern.compile(
      "(recommendations|healthz) +(1|med) +[\\d,]+ +[\\d.]+ +[\\d.]+ +[\\d.]+ +0");

  @Test
  void printsARowPerRouteAndRunWithoutErrors() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream original = System.out;
    int exit;
    try {
      System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
      exit = RecsysCli.commandLine().execute("bench", "serve", "--users", "40", "--items", "3", "--connections", "2",
          "--duration", "300ms", "--warmup", "200ms", "--runs", "1");
    } finally {
      System.setOut(original);
    }
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(0, exit, out);
    List<String> lines = out.lines().toList();
    assertTrue(lines.get(0).startsWith("serve: 40 users x 3 items in RocksDB"), out);
    assertEquals(6, lines.size(), out);
    for (String row : lines.subList(2, 6)) {
      assertTrue(ROW.matcher(row).matches(), "not a figures row without errors: '" + row + "'");
    }
  }
}
