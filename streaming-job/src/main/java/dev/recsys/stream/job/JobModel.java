package dev.recsys.stream.job;

import dev.recsys.events.ModelUpdate;
import dev.recsys.model.artifact.ModelArtifact;
import dev.recsys.stream.scoring.ModelLoader;
import dev.recsys.stream.scoring.ModelRefusedException;
import java.io.Serializable;

/**
 * The start model as the job graph needs it: its announcement (what every scoring subtask loads)
 * and its maxLen (how much history to keep). Read and checked once where the job is built, without
 * ND4J, so a bad model file fails the submission rather than every task.
 */
public record JobModel(ModelUpdate announcement, int maxLen, int items) implements Serializable {
  private static final long serialVersionUID = 1L;

  public static JobModel read(String pathOrUri, String version) throws ModelRefusedException {
    ModelUpdate announcement = ModelLoader.describe(pathOrUri, version);
    ModelArtifact artifact = ModelLoader.readArtifact(announcement);
    return new JobModel(announcement, artifact.config().maxLen(), artifact.items().size());
  }
}
