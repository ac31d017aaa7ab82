package dev.recsys.retrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLockTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T21:05:01Z"), ZoneOffset.UTC);
  @TempDir Path dir;

  @Test
  void aSecondRunOnTheSameDirectoryFailsNamingItAndTheHolder() throws IOException {
    try (RunLock first = RunLock.acquire(dir, "v1", CLOCK)) {
      first.phase("replay");
      IOException e = assertThrows(IOException.class, () -> RunLock.acquire(dir, "v2", CLOCK));
      assertTrue(e.getMessage().startsWith("another retrain is using " + dir + " (run v1 pid "
          + ProcessHandle.current().pid() + ": replay since 2026-11-28T21:05:01Z)"), e.getMessage());
    }
    try (RunLock again = RunLock.acquire(dir, "v2", CLOCK)) {
      assertTrue(again.previous().startsWith("run v1"), again.previous());
    }
  }

  @Test
  void tellsWhetherTheLastRunFinished() throws IOException {
    try (RunLock fresh = RunLock.acquire(dir, "v1", CLOCK)) {
      assertEquals("", fresh.previous());
      assertFalse(fresh.previousInterrupted());
      fresh.phase("training");
    }
    try (RunLock afterKill = RunLock.acquire(dir, "v2", CLOCK)) {
      assertTrue(afterKill.previousInterrupted(), afterKill.previous());
      assertTrue(afterKill.previous().contains(": training since"), afterKill.previous());
      afterKill.phase(RunLock.DONE);
    }
    try (RunLock afterDone = RunLock.acquire(dir, "v3", CLOCK)) {
      assertFalse(afterDone.previousInterrupted(), afterDone.previous());
    }
  }
}
