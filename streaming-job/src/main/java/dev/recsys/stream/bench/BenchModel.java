package dev.recsys.stream.bench;

import dev.recsys.model.SasrecModel;
import dev.recsys.model.artifact.Provenance;
import dev.recsys.model.data.ItemVocabulary;
import dev.recsys.model.sasrec.SasrecConfig;
import dev.recsys.model.sasrec.SasrecWeights;
import dev.recsys.stream.job.JobModel;
import dev.recsys.stream.scoring.ModelRefusedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;

/** The model the job serves during the benchmark, and what the compute bound needs to know of it. */
record BenchModel(Path file, boolean generated, JobModel job) {
  static final long SEED = 42;

  /** A trained artifact as given. */
  static BenchModel trained(Path file) throws ModelRefusedException {
    return new BenchModel(file, false, JobModel.read(file.toString(), null));
  }

  /**
   * A freshly initialised model with the paper's ML-1M settings over the dataset's items, saved to a
   * temporary file (the job loads its model from a URI). Scoring costs exactly what a trained
   * model's does: the same shapes, only the ranking is arbitrary.
   */
  static BenchModel generated(BenchData data) throws IOException, ModelRefusedException {
    List<String> ids = new ArrayList<>(data.itemCounts().keySet());
    ItemVocabulary items = ItemVocabulary.of(ids);
    long[] popularity = new long[ids.size() + 1];
    for (int i = 0; i < ids.size(); i++) {
      popularity[i + 1] = data.itemCounts().get(ids.get(i));
    }
    SasrecConfig config = SasrecConfig.PAPER_ML1M;
    Provenance provenance = new Provenance(data.file().toString(), data.sha256(), "sasrec", SEED, 0, 0, "none",
        Map.of(), Map.of(), Instant.now(), "bench-stream", 0);
    SasrecModel model = SasrecModel.of(config, items,
        SasrecWeights.initial(config, items.size(), SEED, DataType.FLOAT), popularity, provenance);
    Path file = Files.createTempFile("recsys-bench-stream-", ".sasrec");
    file.toFile().deleteOnExit();
    model.save(file);
    return new BenchModel(file, true, JobModel.read(file.toString(), "bench-untrained"));
  }

  SasrecConfig config() {
    return job.config();
  }

  int items() {
    return job.items();
  }

  String describe() {
    return generated
        ? String.format("untrained, PAPER_ML1M config (maxLen %d, hidden %d, %d blocks, %d head), %,d items; "
            + "scoring cost is a trained model's", config().maxLen(), config().hiddenSize(), config().blocks(),
            config().heads(), items())
        : String.format("%s (%s, maxLen %d, hidden %d, %d blocks, %,d items)", file, job.announcement().version(),
            config().maxLen(), config().hiddenSize(), config().blocks(), items());
  }
}
