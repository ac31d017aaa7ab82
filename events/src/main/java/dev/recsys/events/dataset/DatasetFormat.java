package dev.recsys.events.dataset;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/** The interaction file formats {@link InteractionReader} understands. */
public enum DatasetFormat {
  /** {@code user item} per line; a user's lines are in time order (SASRec's preprocessed files). */
  SASREC_TXT("sasrec", ".txt", StandardCharsets.UTF_8),
  /** GroupLens {@code ratings.dat}: {@code UserID::MovieID::Rating::Timestamp}. */
  MOVIELENS_RATINGS("movielens", ".dat", StandardCharsets.ISO_8859_1),
  /**
   * Comma-separated with a header naming {@code user}, {@code item} and {@code timestamp}, and
   * optionally {@code rating}, {@code value} or {@code score}.
   */
  CSV("csv", ".csv", StandardCharsets.UTF_8);

  private static final String GZIP_SUFFIX = ".gz";

  private final String cliName;
  private final String extension;
  private final Charset charset;

  DatasetFormat(String cliName, String extension, Charset charset) {
    this.cliName = cliName;
    this.extension = extension;
    this.charset = charset;
  }

  /**
   * The short name used on the command line and recorded in {@link
   * InteractionReader.ReadSummary#format()}.
   */
  public String cliName() {
    return cliName;
  }

  /** The file name extension that {@link #detect(Path)} maps to this format, e.g. {@code .txt}. */
  public String extension() {
    return extension;
  }

  Charset charset() {
    return charset;
  }

  /**
   * The format with this CLI name ({@code sasrec}, {@code movielens}, {@code csv}); the enum
   * constant's name is accepted too, so that names recorded by older tools still resolve.
   */
  public static DatasetFormat fromName(String name) {
    for (DatasetFormat format : values()) {
      if (format.cliName.equalsIgnoreCase(name) || format.name().equalsIgnoreCase(name)) {
        return format;
      }
    }
    throw new IllegalArgumentException(
        "unknown dataset format '" + name + "'; expected one of " + cliNames());
  }

  /** The format implied by the file name, ignoring a trailing {@code .gz}. */
  public static DatasetFormat detect(Path file) {
    Path fileName = file.getFileName();
    String name = fileName == null ? "" : fileName.toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(GZIP_SUFFIX)) {
      name = name.substring(0, name.length() - GZIP_SUFFIX.length());
    }
    for (DatasetFormat format : values()) {
      if (name.endsWith(format.extension)) {
        return format;
      }
    }
    throw new IllegalArgumentException(
        "cannot tell the dataset format of '" + file + "' from its name; accepted extensions: "
            + extensions() + " (each optionally followed by " + GZIP_SUFFIX + ")");
  }

  /** Whether the file name says the bytes are gzip-compressed. */
  static boolean isGzipped(Path file) {
    Path fileName = file.getFileName();
    return fileName != null && fileName.toString().toLowerCase(Locale.ROOT).endsWith(GZIP_SUFFIX);
  }

  private static String cliNames() {
    StringBuilder names = new StringBuilder();
    for (DatasetFormat format : values()) {
      names.append(names.length() == 0 ? "" : ", ").append(format.cliName);
    }
    return names.toString();
  }

  private static String extensions() {
    StringBuilder names = new StringBuilder();
    for (DatasetFormat format : values()) {
      names.append(names.length() == 0 ? "" : ", ").append(format.extension);
    }
    return names.toString();
  }
}
