package dev.recsys.model;

import dev.recsys.model.artifact.ArtifactFile;
import dev.recsys.model.artifact.InvalidArtifactException;
import dev.recsys.model.artifact.ModelArtifact;
import dev.recsys.model.artifact.Provenance;
import dev.recsys.model.artifact.Tensor;
import dev.recsys.model.data.ItemVocabulary;
import dev.recsys.model.eval.SequenceScorer;
import dev.recsys.model.sasrec.SasrecConfig;
import dev.recsys.model.sasrec.SasrecForward;
import dev.recsys.model.sasrec.SasrecScorer;
import dev.recsys.model.sasrec.SasrecWeights;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A trained SASRec model: its artifact (config, item vocabulary, weights, popularity, provenance)
 * and the forward pass built from it. Immutable and thread-safe.
 */
public final class SasrecModel {
  private final ModelArtifact artifact;
  private final SasrecForward forward;

  private SasrecModel(ModelArtifact artifact, SasrecForward forward) {
    this.artifact = artifact;
    this.forward = forward;
  }

  /** Reads and checks an artifact file; a file that is not a whole, consistent model is refused. */
  public static SasrecModel load(Path file) throws IOException {
    ModelArtifact artifact = ArtifactFile.read(file);
    try {
      return fromArtifact(artifact);
    } catch (IllegalArgumentException e) {
      throw new InvalidArtifactException(file, "does not fit SASRec: " + e.getMessage(), e);
    }
  }

  public static SasrecModel fromArtifact(ModelArtifact artifact) {
    Map<String, INDArray> weights = new LinkedHashMap<>();
    artifact.weights().forEach((name, tensor) -> weights.put(name, Nd4j.create(tensor.data(), tensor.shape(), 'c')));
    return new SasrecModel(artifact, new SasrecForward(artifact.config(), artifact.items().size(), weights));
  }

  public static SasrecModel of(SasrecConfig config, ItemVocabulary items, Map<String, INDArray> weights,
      long[] popularity, Provenance provenance) {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    for (String name : SasrecWeights.shapes(config, items.size()).keySet()) {
      INDArray array = weights.get(name);
      if (array == null) {
        throw new IllegalArgumentException("SASRec weights: missing parameter '" + name + "'");
      }
      tensors.put(name, new Tensor(array.shape(), array.castTo(DataType.FLOAT).dup('c').data().asFloat()));
    }
    return fromArtifact(ModelArtifact.of(config, items, tensors, popularity, provenance));
  }

  /** Writes the model atomically: readers see the old file or the new one, never a mix. */
  public void save(Path file) throws IOException {
    ArtifactFile.write(artifact, file);
  }

  public ModelArtifact artifact() {
    return artifact;
  }

  public SasrecConfig config() {
    return artifact.config();
  }

  public ItemVocabulary items() {
    return artifact.items();
  }

  public Provenance provenance() {
    return artifact.provenance();
  }

  /** Interaction counts per item index (0 = padding), the cold-start fallback. */
  public long[] popularity() {
    return artifact.popularity();
  }

  public SasrecForward forward() {
    return forward;
  }

  public SequenceScorer scorer() {
    return new SasrecScorer(forward);
  }
}
