package dev.recsys.events.dataset;

import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams the interactions of a file to a consumer, one line at a time and in file order, so that
 * a file of any size can be replayed or indexed without being held in memory.
 *
 * <p>Files whose name ends in {@code .gz} are decompressed on the fly. The SHA-256 in the {@link
 * ReadSummary} is that of the bytes as stored, so it can be checked against a published checksum
 * of the compressed file.
 *
 * <p>Blank lines are ignored. Any other line that cannot be read raises a {@link
 * MalformedDataException} naming the file and line, unless {@code skipBadLines} is set, in which
 * case it is counted in {@link ReadSummary#skippedLines()} and the first few are logged. A header
 * that cannot be read is never skipped, since every row depends on it. Interactions already handed
 * to the consumer when a read fails stay handed: a consumer that must be all-or-nothing collects
 * into a copy it only publishes once {@code read} returns.
 */
public final class InteractionReader {
  private static final Logger log = LoggerFactory.getLogger(InteractionReader.class);

  private static final int BUFFER_BYTES = 1 << 16;
  private static final int LOGGED_SKIPS = 5;
  private static final char BYTE_ORDER_MARK = '\uFEFF';

  /**
   * What one read went through.
   *
   * @param file the path as given to the reader
   * @param sha256 hex SHA-256 of the file's bytes as stored (before decompression)
   * @param format the format's {@link DatasetFormat#cliName()}
   * @param interactions interactions handed to the consumer
   * @param skippedLines malformed lines skipped under {@code skipBadLines} (0 otherwise)
   */
  public record ReadSummary(
      String file, String sha256, String format, long interactions, long skippedLines) {}

  private final Path file;
  private final boolean skipBadLines;
  private final Consumer<? super Interaction> sink;
  private long interactions;
  private long skippedLines;

  private InteractionReader(Path file, boolean skipBadLines, Consumer<? super Interaction> sink) {
    this.file = file;
    this.skipBadLines = skipBadLines;
    this.sink = sink;
  }

  /** Reads {@code file}, choosing the format from its name (see {@link DatasetFormat#detect}). */
  public static ReadSummary read(
      Path file, boolean skipBadLines, Consumer<? super Interaction> sink) throws IOException {
    return read(file, DatasetFormat.detect(file), skipBadLines, sink);
  }

  /** Reads {@code file} in {@code format}, handing each interaction to {@code sink} in file order. */
  public static ReadSummary read(
      Path file, DatasetFormat format, boolean skipBadLines, Consumer<? super Interaction> sink)
      throws IOException {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(sink, "sink");
    DatasetFiles.requireExists(file);
    InteractionReader reader = new InteractionReader(file, skipBadLines, sink);
    MessageDigest sha256 = newSha256();
    try (InputStream stored = Files.newInputStream(file);
        DigestInputStream digesting = new DigestInputStream(stored, sha256)) {
      InputStream decoded =
          DatasetFormat.isGzipped(file) ? new GZIPInputStream(digesting, BUFFER_BYTES) : digesting;
      BufferedReader lines =
          new BufferedReader(new InputStreamReader(decoded, format.charset()), BUFFER_BYTES);
      reader.readLines(format, lines);
      // The decompressor may stop before the end of the stored bytes (e.g. trailing padding);
      // the checksum must still cover all of them.
      digesting.transferTo(OutputStream.nullOutputStream());
    } catch (ZipException | EOFException e) {
      throw new IOException(file + ": not a valid or complete gzip file: " + e.getMessage(), e);
    }
    return new ReadSummary(
        file.toString(),
        HexFormat.of().formatHex(sha256.digest()),
        format.cliName(),
        reader.interactions,
        reader.skippedLines);
  }

  private void readLines(DatasetFormat format, BufferedReader lines) throws IOException {
    // CSV's parser depends on the header, so it is only known once the first line is read.
    InteractionLineParser parser = headerlessParser(format);
    long lineNumber = 0;
    String line;
    while ((line = lines.readLine()) != null) {
      lineNumber++;
      if (line.isBlank()) {
        continue;
      }
      if (parser == null) {
        parser = csvParserFromHeader(lineNumber, line);
        continue;
      }
      Interaction interaction;
      try {
        interaction = parser.parse(line);
      } catch (BadLineException e) {
        skipOrThrow(new MalformedDataException(file, lineNumber, e.reason(), line));
        continue;
      }
      sink.accept(interaction);
      interactions++;
    }
    if (parser == null) {
      throw new MalformedDataException(
          file, lineNumber + 1, "no header line (expected user, item and timestamp columns)", "");
    }
    if (skippedLines > LOGGED_SKIPS) {
      log.warn("{}: skipped {} malformed lines in all", file, skippedLines);
    }
  }

  private void skipOrThrow(MalformedDataException malformed) throws MalformedDataException {
    if (!skipBadLines) {
      throw malformed;
    }
    skippedLines++;
    if (skippedLines <= LOGGED_SKIPS) {
      log.warn("skipping malformed line: {}", malformed.getMessage());
    }
  }

  private static InteractionLineParser headerlessParser(DatasetFormat format) {
    return switch (format) {
      case SASREC_TXT -> new SasRecLineParser();
      case MOVIELENS_RATINGS -> new MovieLensLineParser();
      case CSV -> null;
    };
  }

  private InteractionLineParser csvParserFromHeader(long lineNumber, String line)
      throws MalformedDataException {
    String header = line.charAt(0) == BYTE_ORDER_MARK ? line.substring(1) : line;
    try {
      return CsvLineParser.fromHeader(header);
    } catch (BadLineException e) {
      throw new MalformedDataException(file, lineNumber, e.reason(), line);
    }
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform is required to provide SHA-256.
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
