package dev.recsys.model.data;

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
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads an interaction file into a {@link SequenceDataset}.
 *
 * <p>Users come out in the order they first appear in the file, and new items get vocabulary
 * indices in the order they first appear reading top to bottom; this reproduces the numbering of
 * SASRec's preprocessed files, where item "1" is index 1. Files whose name ends in {@code .gz} are
 * decompressed on the fly. The SHA-256 recorded in {@link SequenceDataset.DataSource} is that of the
 * bytes as stored, so it can be checked against a published checksum of the compressed file.
 *
 * <p>Blank lines are ignored. Any other line that cannot be read raises a {@link
 * MalformedDataException}, unless {@code skipBadLines} is set, in which case it is counted in
 * {@link SequenceDataset.DataSource#skippedLines()} and the first few are logged.
 */
public final class DatasetReader {
  private static final Logger log = LoggerFactory.getLogger(DatasetReader.class);

  private static final int BUFFER_BYTES = 1 << 16;
  private static final int LOGGED_SKIPS = 5;
  private static final char BYTE_ORDER_MARK = '\uFEFF';

  private DatasetReader() {}

  /** Reads {@code file} with a fresh item vocabulary. */
  public static SequenceDataset read(Path file, DatasetFormat format, boolean skipBadLines)
      throws IOException {
    return read(file, format, skipBadLines, new ItemVocabulary());
  }

  /** Reads {@code file}, choosing the format from its name (see {@link DatasetFormat#detect}). */
  public static SequenceDataset read(Path file, boolean skipBadLines) throws IOException {
    return read(file, DatasetFormat.detect(file), skipBadLines);
  }

  /**
   * Reads {@code file}, starting from the items of {@code knownItems}: those keep their indices and
   * new items are numbered after them, which is what lets a retrained model reuse old embeddings.
   * {@code knownItems} itself is left unchanged (the dataset gets an extended copy), so a read that
   * fails half way leaves the caller's vocabulary as it was.
   */
  public static SequenceDataset read(
      Path file, DatasetFormat format, boolean skipBadLines, ItemVocabulary knownItems)
      throws IOException {
    ItemVocabulary items = ItemVocabulary.of(knownItems.ids());
    UserSequencesBuilder users = new UserSequencesBuilder();
    MessageDigest sha256 = newSha256();
    long skipped;
    try (InputStream stored = Files.newInputStream(file);
        DigestInputStream digesting = new DigestInputStream(stored, sha256)) {
      InputStream decoded =
          DatasetFormat.isGzipped(file) ? new GZIPInputStream(digesting, BUFFER_BYTES) : digesting;
      BufferedReader lines =
          new BufferedReader(new InputStreamReader(decoded, format.charset()), BUFFER_BYTES);
      skipped = readLines(file, format, skipBadLines, lines, items, users);
      // The decompressor may stop before the end of the stored bytes (e.g. trailing padding);
      // the checksum must still cover all of them.
      digesting.transferTo(OutputStream.nullOutputStream());
    } catch (ZipException | EOFException e) {
      throw new IOException(file + ": not a valid or complete gzip file: " + e.getMessage(), e);
    }
    String sha256Hex = HexFormat.of().formatHex(sha256.digest());
    SequenceDataset.DataSource source =
        new SequenceDataset.DataSource(file.toString(), sha256Hex, format.cliName(), skipped);
    return new SequenceDataset(users.build(), items, source);
  }

  /** Feeds every line to the format's parser; returns the number of malformed lines skipped. */
  private static long readLines(
      Path file,
      DatasetFormat format,
      boolean skipBadLines,
      BufferedReader lines,
      ItemVocabulary items,
      UserSequencesBuilder users)
      throws IOException {
    // CSV's parser depends on the header, so it is only known once the first line is read.
    InteractionLineParser parser = headerlessParser(format);
    long lineNumber = 0;
    long skipped = 0;
    String line;
    while ((line = lines.readLine()) != null) {
      lineNumber++;
      if (line.isBlank()) {
        continue;
      }
      if (parser == null) {
        parser = csvParserFromHeader(file, lineNumber, line);
        continue;
      }
      Interaction interaction;
      try {
        interaction = parser.parse(line);
      } catch (BadLineException e) {
        MalformedDataException malformed =
            new MalformedDataException(file, lineNumber, e.reason(), line);
        if (!skipBadLines) {
          throw malformed;
        }
        skipped++;
        if (skipped <= LOGGED_SKIPS) {
          log.warn("skipping malformed line: {}", malformed.getMessage());
        }
        continue;
      }
      users.add(
          interaction.userId(), items.getOrAdd(interaction.itemId()), interaction.timestamp());
    }
    if (parser == null) {
      throw new MalformedDataException(
          file, lineNumber + 1, "no header line (expected user, item and timestamp columns)", "");
    }
    if (skipped > LOGGED_SKIPS) {
      log.warn("{}: skipped {} malformed lines in all", file, skipped);
    }
    return skipped;
  }

  private static InteractionLineParser headerlessParser(DatasetFormat format) {
    return switch (format) {
      case SASREC_TXT -> new SasRecLineParser();
      case MOVIELENS_RATINGS -> new MovieLensLineParser();
      case CSV -> null;
    };
  }

  /** A header that cannot be read makes every row unreadable, so it is never skipped. */
  private static InteractionLineParser csvParserFromHeader(Path file, long lineNumber, String line)
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
