package dev.recsys.ingest.replay;

import dev.recsys.events.ParseResult;
import dev.recsys.events.UserAction;
import dev.recsys.events.UserActionParser;
import dev.recsys.events.dataset.DatasetFiles;
import dev.recsys.events.dataset.DatasetFormat;
import dev.recsys.events.dataset.Interaction;
import dev.recsys.events.dataset.InteractionReader;
import dev.recsys.events.dataset.MalformedDataException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a dataset file into the {@link UserAction}s a replay sends, in event-time order.
 *
 * <p>Interaction files (SASRec {@code .txt}, MovieLens {@code ratings.dat}, CSV) are read by the
 * shared {@link InteractionReader}; JSON lines ({@code .jsonl}) hold one wire-format event per
 * line and go through the same strict {@link UserActionParser} as the validator. The events are
 * held in memory (about 200 bytes each) so they can be sorted by event time; the sort is stable,
 * so a user's events with equal times keep their file order.
 *
 * <p>Each event of an interaction file gets a deterministic event id, {@code <file name>:<ordinal>},
 * so replaying the same file twice into a validator with de-duplication on drops the second copy;
 * JSON-lines events keep their own {@code eventId}, if any.
 */
public final class ReplayDataset {
  private static final Logger log = LoggerFactory.getLogger(ReplayDataset.class);

  /** SASRec files have no times: user i's n-th event is at this instant plus n minutes. */
  public static final Instant SYNTHETIC_START = Instant.parse("2020-01-01T00:00:00Z");
  public static final Duration SYNTHETIC_STEP = Duration.ofMinutes(1);
  /** Below this a timestamp is taken to be in seconds (10^11 s is the year 5138; 10^11 ms is 1973). */
  static final long SECONDS_THRESHOLD = 100_000_000_000L;

  private static final int LOGGED_SKIPS = 5;
  private static final String BYTE_ORDER_MARK = "\uFEFF";

  /** The file formats a replay reads. */
  public enum Format {
    SASREC("sasrec"), MOVIELENS("movielens"), CSV("csv"), JSONL("jsonl");

    private final String cliName;

    Format(String cliName) {
      this.cliName = cliName;
    }

    public String cliName() {
      return cliName;
    }

    /** {@code auto} detects from the file name; otherwise one of the CLI names. */
    public static Format of(String name, Path file) {
      if (name == null || name.equalsIgnoreCase("auto")) {
        String fileName = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        String plain = fileName.endsWith(".gz") ? fileName.substring(0, fileName.length() - 3) : fileName;
        if (plain.endsWith(".jsonl") || plain.endsWith(".ndjson")) {
          return JSONL;
        }
        return fromDatasetFormat(DatasetFormat.detect(file));
      }
      for (Format format : values()) {
        if (format.cliName.equalsIgnoreCase(name)) {
          return format;
        }
      }
      throw new IllegalArgumentException("unknown format '" + name + "'; expected auto, sasrec, movielens, csv or jsonl");
    }

    private static Format fromDatasetFormat(DatasetFormat format) {
      return switch (format) {
        case SASREC_TXT -> SASREC;
        case MOVIELENS_RATINGS -> MOVIELENS;
        case CSV -> CSV;
      };
    }

    DatasetFormat datasetFormat() {
      return switch (this) {
        case SASREC -> DatasetFormat.SASREC_TXT;
        case MOVIELENS -> DatasetFormat.MOVIELENS_RATINGS;
        case CSV -> DatasetFormat.CSV;
        case JSONL -> throw new IllegalStateException("JSON lines are not an interaction file");
      };
    }
  }

  /**
   * How to read.
   *
   * @param action the action type for interaction files, or null for the format's default
   *     ({@code rating} when the line has a rating, else {@code view})
   * @param skipBadLines count and skip malformed lines instead of stopping at the first
   */
  public record Options(String action, boolean skipBadLines) {}

  /**
   * The events of a file.
   *
   * @param events sorted by event time
   * @param skippedLines malformed lines skipped (only with {@link Options#skipBadLines()})
   * @param synthesisedTimes whether event times were made up (SASRec files have none)
   */
  public record Loaded(List<UserAction> events, long skippedLines, boolean synthesisedTimes) {}

  private ReplayDataset() {}

  public static Loaded load(Path file, Format format, Options options) throws IOException {
    DatasetFiles.requireExists(file);
    String name = file.getFileName().toString();
    // Ids are at most 256 characters; a long file name must not make every event invalid.
    String idPrefix = (name.length() <= 64 ? name : name.substring(0, 64)) + ":";
    List<UserAction> events = new ArrayList<>();
    long skipped;
    if (format == Format.JSONL) {
      skipped = readJsonLines(file, options.skipBadLines(), events);
    } else {
      Map<String, Integer> positions = new HashMap<>();
      skipped = InteractionReader.read(file, format.datasetFormat(), options.skipBadLines(), interaction ->
          events.add(toAction(interaction, format, options.action(), positions, idPrefix + events.size()))).skippedLines();
    }
    events.sort(Comparator.comparingLong(UserAction::timestamp));
    return new Loaded(events, skipped, format == Format.SASREC);
  }

  private static UserAction toAction(
      Interaction interaction, Format format, String action, Map<String, Integer> positions, String eventId) {
    long timestamp = switch (format) {
      case SASREC -> SYNTHETIC_START.toEpochMilli()
          + positions.merge(interaction.userId(), 1, Integer::sum) * SYNTHETIC_STEP.toMillis();
      case MOVIELENS -> interaction.timestamp() * 1000;
      default -> Math.abs(interaction.timestamp()) < SECONDS_THRESHOLD
          ? interaction.timestamp() * 1000 : interaction.timestamp();
    };
    Double value = interaction.hasValue() ? interaction.value() : null;
    String type = action != null ? action : value != null ? "rating" : "view";
    return new UserAction(interaction.userId(), interaction.itemId(), type, timestamp, value, eventId);
  }

  private static long readJsonLines(Path file, boolean skipBadLines, List<UserAction> events) throws IOException {
    UserActionParser parser = UserActionParser.withDefaults();
    long skipped = 0;
    long lineNumber = 0;
    try (InputStream stored = Files.newInputStream(file);
        InputStream in = file.toString().toLowerCase(Locale.ROOT).endsWith(".gz") ? new GZIPInputStream(stored) : stored;
        // Strict: bytes that are not UTF-8 are an error, as they are on the wire, not silently U+FFFD.
        BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)))) {
      String line;
      while ((line = lines.readLine()) != null) {
        lineNumber++;
        if (lineNumber == 1 && line.startsWith(BYTE_ORDER_MARK)) {
          line = line.substring(1);
        }
        if (line.isBlank()) {
          continue;
        }
        ParseResult result = parser.parse(line);
        if (result instanceof ParseResult.Accepted accepted) {
          events.add(accepted.action());
          continue;
        }
        MalformedDataException bad = new MalformedDataException(file, lineNumber, result.toString(), line);
        if (!skipBadLines) {
          throw bad;
        }
        if (++skipped <= LOGGED_SKIPS) {
          log.warn("skipping malformed line: {}", bad.getMessage());
        }
      }
    }
    return skipped;
  }
}
