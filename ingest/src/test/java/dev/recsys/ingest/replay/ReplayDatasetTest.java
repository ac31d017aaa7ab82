package dev.recsys.ingest.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recsys.events.UserAction;
import dev.recsys.events.dataset.MalformedDataException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayDatasetTest {
  @TempDir Path dir;

  @Test
  void sasrecFilesGetMonotonePerUserTimesAndComeOutInTimeOrder() throws IOException {
    Path file = write("data.txt", "1 10\n1 11\n1 12\n2 20\n2 21\n");
    ReplayDataset.Loaded loaded = ReplayDataset.load(file, ReplayDataset.Format.of("auto", file), new ReplayDataset.Options(null, false));
    assertTrue(loaded.synthesisedTimes());
    long start = ReplayDataset.SYNTHETIC_START.toEpochMilli();
    long step = ReplayDataset.SYNTHETIC_STEP.toMillis();
    assertEquals(List.of(
        new UserAction("1", "10", "view", start + step, null, "data.txt:0"),
        new UserAction("2", "20", "view", start + step, null, "data.txt:3"),
        new UserAction("1", "11", "view", start + 2 * step, null, "data.txt:1"),
        new UserAction("2", "21", "view", start + 2 * step, null, "data.txt:4"),
        new UserAction("1", "12", "view", start + 3 * step, null, "data.txt:2")), loaded.events());
  }

  @Test
  void movieLensRatingsBecomeRatingEventsInMillisecondsSortedByTime() throws IOException {
    Path file = write("ratings.dat", "1::1193::5::978300760\n2::661::3::978300000\n");
    List<UserAction> events = ReplayDataset.load(file, ReplayDataset.Format.MOVIELENS, new ReplayDataset.Options(null, false)).events();
    assertEquals(List.of(
        new UserAction("2", "661", "rating", 978300000000L, 3.0, "ratings.dat:1"),
        new UserAction("1", "1193", "rating", 978300760000L, 5.0, "ratings.dat:0")), events);
  }

  @Test
  void csvTimesInSecondsOrMillisecondsAndAnExplicitAction() throws IOException {
    Path file = write("clicks.csv", "user,item,timestamp\nu1,a,1600000000\nu2,b,1600000000500\n");
    List<UserAction> events = ReplayDataset.load(file, ReplayDataset.Format.CSV, new ReplayDataset.Options("click", false)).events();
    assertEquals(1_600_000_000_000L, events.get(0).timestamp());
    assertEquals(1_600_000_000_500L, events.get(1).timestamp());
    assertEquals("click", events.get(1).action());
  }

  @Test
  void jsonLinesGoThroughTheStrictParser() throws IOException {
    String good = "{\"userId\":\"u1\",\"itemId\":\"i1\",\"action\":\"view\",\"timestamp\":1600000000000}";
    Path file = dir.resolve("events.jsonl.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(("\uFEFF" + good + "\n\n{\"userId\":\"u1\"}\n" + good.replace("u1", "u2") + "\n").getBytes(StandardCharsets.UTF_8));
    }
    assertEquals(ReplayDataset.Format.JSONL, ReplayDataset.Format.of("auto", file));
    MalformedDataException bad = assertThrows(MalformedDataException.class,
        () -> ReplayDataset.load(file, ReplayDataset.Format.JSONL, new ReplayDataset.Options(null, false)));
    assertEquals(3, bad.lineNumber());
    assertTrue(bad.getMessage().contains("missing-field: itemId"), bad.getMessage());
    ReplayDataset.Loaded skipping = ReplayDataset.load(file, ReplayDataset.Format.JSONL, new ReplayDataset.Options(null, true));
    assertEquals(1, skipping.skippedLines());
    assertEquals(List.of("u1", "u2"), skipping.events().stream().map(UserAction::userId).toList());
  }

  @Test
  void jsonLinesThatAreNotUtf8AreAnError() throws IOException {
    Path file = dir.resolve("latin1.jsonl");
    Files.write(file, "{\"userId\":\"J\u00fcrgen\",\"itemId\":\"i\",\"action\":\"view\",\"timestamp\":1600000000000}\n"
        .getBytes(StandardCharsets.ISO_8859_1));
    assertThrows(java.nio.charset.MalformedInputException.class,
        () -> ReplayDataset.load(file, ReplayDataset.Format.JSONL, new ReplayDataset.Options(null, true)));
  }

  @Test
  void aMissingFileSaysWhereToGetTheData() {
    NoSuchFileException missing = assertThrows(NoSuchFileException.class, () -> ReplayDataset.load(
        dir.resolve("ml-1m.txt"), ReplayDataset.Format.SASREC, new ReplayDataset.Options(null, false)));
    assertTrue(missing.getMessage().contains("github.com/kang205/SASRec"), missing.getMessage());
    IllegalArgumentException format = assertThrows(IllegalArgumentException.class,
        () -> ReplayDataset.Format.of("parquet", dir.resolve("x.parquet")));
    assertTrue(format.getMessage().contains("jsonl"), format.getMessage());
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }
}
