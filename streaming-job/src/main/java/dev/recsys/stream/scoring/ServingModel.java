package dev.recsys.stream.scoring;

import dev.recsys.events.ModelUpdate;
import dev.recsys.model.inference.Recommender;
import java.util.Objects;

/**
 * The model a scoring subtask serves: the announcement it was loaded from (version, where, which
 * bytes) and the recommender built from it. Immutable, so a swap is one reference write.
 */
public record ServingModel(ModelUpdate source, Recommender recommender) {
  public ServingModel {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(recommender, "recommender");
  }

  public String version() {
    return source.version();
  }
}
