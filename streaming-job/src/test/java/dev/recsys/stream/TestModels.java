package dev.recsys.stream;

import dev.recsys.events.ModelUpdate;
import dev.recsys.model.SasrecModel;
import dev.recsys.model.artifact.ArtifactFile;
import dev.recsys.model.artifact.Provenance;
import dev.recsys.model.data.ItemVocabulary;
import dev.recsys.model.sasrec.SasrecConfig;
import dev.recsys.model.sasrec.SasrecWeights;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Small SASRec models for the job's tests: freshly initialised weights (scoring costs and behaves
 * like a trained model's; only the ranking is arbitrary), items "i1".."iN", popularity falling
 * with the index so the cold-start list is predictable ("i1" first).
 */
public final class TestModels {
  public static final SasrecConfig SMALL = new SasrecConfig(8, 16, 2, 1, 0.0, 0.0, true);

  private TestModels() {}

  public static List<String> itemIds(int count) {
    List<String> ids = new ArrayList<>(count);
    for (int i = 1; i <= count; i++) {
      ids.add("i" + i);
    }
    return ids;
  }

  public static SasrecModel model(List<String> itemIds, SasrecConfig config, long seed) {
    ItemVocabulary items = ItemVocabulary.of(itemIds);
    long[] popularity = new long[items.size() + 1];
    for (int i = 1; i <= items.size(); i++) {
      popularity[i] = 10L * (items.size() - i + 1);
    }
    Provenance provenance = new Provenance("generated", "00".repeat(32), "test", seed, 0, 0, "none", Map.of(),
        Map.of(), Instant.parse("2026-01-01T00:00:00Z"), "test", 0);
    return SasrecModel.of(config, items, SasrecWeights.initial(config, items.size(), seed, DataType.FLOAT), popularity,
        provenance);
  }

  /** Saves {@code model} to {@code file} and returns its announcement under {@code version}. */
  public static ModelUpdate save(SasrecModel model, Path file, String version) {
    try {
      model.save(file);
      return new ModelUpdate(version, file.toUri().toString(), ArtifactFile.sha256(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
