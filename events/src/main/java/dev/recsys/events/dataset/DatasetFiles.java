package dev.recsys.events.dataset;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** The one place that says where the datasets come from when a file is missing. */
public final class DatasetFiles {
  /** Datasets are not in the repository (their licences forbid it); this is where to get them. */
  public static final String DOWNLOAD_HINT = "dataset not found; MovieLens-1M as preprocessed by the SASRec "
      + "authors is data/ml-1m.txt in github.com/kang205/SASRec, the raw ratings.dat is in "
      + "https://files.grouplens.org/datasets/movielens/ml-1m.zip";

  private DatasetFiles() {}

  /** Throws a {@link NoSuchFileException} carrying {@link #DOWNLOAD_HINT} unless {@code file} exists. */
  public static void requireExists(Path file) throws NoSuchFileException {
    if (!Files.exists(file)) {
      throw new NoSuchFileException(file.toString(), null, DOWNLOAD_HINT);
    }
  }
}
