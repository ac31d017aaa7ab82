package dev.recsys.stream.job;

import dev.recsys.events.ModelUpdate;
import dev.recsys.model.artifact.ModelArtifact;
import dev.recsys.model.sasrec.SasrecConfig;
import dev.recsys.stream.scoring.ModelLoader;
import dev.recsys.stream.scoring.ModelRefusedException;

/**
 * The start model as the job graph needs it: its announcement (what every scoring subtask loads)
 * and its maxLen (how much history to keep). Read and checked once where the job is built, without
 * ND4J, so a bad model file fails the submission rather than every task.
 */
public record JobModel(ModelUpdate announcement, SasrecConfig config, int items) {

  /** Reads the file twice, not three times: its SHA-256 for the announcement, then the artifact itself. */
  public static JobModel read(String pathOrUri, String version) throws ModelRefusedException {
    ModelUpdate announcement = ModelLoader.describe(pathOrUri, version);
    ModelArtifact artifact = ModelLoader.read(ModelLoader.resolve(pathOrUri), pathOrUri);
    return new JobModel(announcement, artifact.config(), artifact.items().size());
  }

  /** How much history the model reads, and so how much the job keeps per user by default. */
  public int maxLen() {
    return config.maxLen();
  }
}
