package dev.recsys.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recsys.model.artifact.ArtifactFile;
import dev.recsys.model.artifact.InvalidArtifactException;
import dev.recsys.model.artifact.ModelArtifact;
import dev.recsys.model.artifact.Provenance;
import dev.recsys.model.artifact.Tensor;
import dev.recsys.model.data.ItemVocabulary;
import dev.recsys.model.sasrec.SasrecConfig;
import dev.recsys.model.sasrec.SasrecForward;
import dev.recsys.model.sasrec.SasrecWeights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A model survives save and load unchanged, and a file that is not a whole, fitting model is refused. */
class SasrecModelTest {
  private static final int ITEMS = 12;
  private static final SasrecConfig CONFIG = new SasrecConfig(8, 8, 2, 2, 0.0, 0.0, true);

  @TempDir Path dir;

  /** Histories of item indices: short, long (beyond maxLen), repeated items, a single item. */
  private static final List<int[]> HISTORIES = List.of(
      new int[] {1},
      new int[] {3, 7, 2},
      new int[] {12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2},
      new int[] {5, 5, 5, 6},
      new int[] {ITEMS});

  static ItemVocabulary vocabulary() {
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= ITEMS; i++) {
      ids.add("sku-" + (char) ('a' + i - 1) + "/" + i);
    }
    return ItemVocabulary.of(ids);
  }

  /** Initial weights with the layer-norm parameters and biases moved off 1 and 0, so each one matters. */
  static Map<String, INDArray> weights(SasrecConfig config, int items, long seed) {
    Map<String, INDArray> weights = SasrecWeights.initial(config, items, seed, DataType.FLOAT);
    SplittableRandom random = new SplittableRandom(seed + 1);
    weights.replaceAll((name, w) -> {
      if (w.rank() != 1) {
        return w;
      }
      float[] noise = new float[(int) w.length()];
      for (int i = 0; i < noise.length; i++) {
        noise[i] = (float) (random.nextDouble() - 0.5) * 0.4f;
      }
      return w.add(Nd4j.createFromArray(noise));
    });
    return weights;
  }

  static long[] popularity() {
    long[] counts = new long[ITEMS + 1];
    for (int i = 1; i <= ITEMS; i++) {
      counts[i] = (i * 37L) % 11 + (i == 4 ? 1_000_000_000_000L : 0);
    }
    return counts;
  }

  static Provenance provenance() {
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("learningRate", 0.001);
    parameters.put("batchSize", 128);
    parameters.put("selectOn", "sampled");
    Map<String, Map<String, Double>> metrics = new LinkedHashMap<>();
    metrics.put("validation.sampled", Map.of("NDCG@10", 0.61234567890123, "HR@10", 0.85));
    return new Provenance("data/tiny.txt", "ab".repeat(32), "sasrec", 99, 7, 5, "bce", parameters, metrics,
        Instant.parse("2024-06-01T12:00:00.5Z"), "test", 12.25);
  }

  static SasrecModel model(long seed) {
    return SasrecModel.of(CONFIG, vocabulary(), weights(CONFIG, ITEMS, seed), popularity(), provenance());
  }

  private static float[] scores(SasrecModel model, List<int[]> histories) {
    return model.forward().scores(histories).dup('c').data().asFloat();
  }

  @Test
  void savedAndLoadedModelScoresBitForBitTheSame() throws IOException {
    SasrecModel model = model(5);
    Path file = dir.resolve("model.sasrec");
    model.save(file);
    SasrecModel loaded = SasrecModel.load(file);

    for (int[] history : HISTORIES) {
      float[] before = scores(model, List.of(history));
      float[] after = scores(loaded, List.of(history));
      assertEquals(ITEMS + 1, before.length);
      int[] beforeBits = new int[before.length];
      int[] afterBits = new int[after.length];
      for (int i = 0; i < before.length; i++) {
        beforeBits[i] = Float.floatToRawIntBits(before[i]);
        afterBits[i] = Float.floatToRawIntBits(after[i]);
      }
      assertArrayEquals(beforeBits, afterBits, () -> "scores differ after load for " + Arrays.toString(history));
    }
    // The whole batch at once, too.
    assertArrayEquals(scores(model, HISTORIES), scores(loaded, HISTORIES));
  }

  @Test
  void loadedModelKeepsConfigVocabularyPopularityAndProvenance() throws IOException {
    SasrecModel model = model(5);
    Path file = dir.resolve("model.sasrec");
    model.save(file);
    SasrecModel loaded = SasrecModel.load(file);

    assertEquals(CONFIG, loaded.config());
    assertEquals(vocabulary(), loaded.items());
    assertEquals(vocabulary().ids(), loaded.items().ids());
    assertArrayEquals(popularity(), loaded.popularity());
    assertEquals(provenance(), loaded.provenance());
    assertEquals(model.artifact(), loaded.artifact());
    assertEquals(ITEMS, loaded.forward().numItems());
    assertEquals(SasrecWeights.shapes(CONFIG, ITEMS).keySet(), loaded.forward().weights().keySet());
  }

  @Test
  void modelScoresAreTheForwardPassOfItsWeights() {
    Map<String, INDArray> weights = weights(CONFIG, ITEMS, 5);
    SasrecModel model = SasrecModel.of(CONFIG, vocabulary(), weights, popularity(), provenance());
    INDArray expected = new SasrecForward(CONFIG, ITEMS, weights).scores(HISTORIES);
    INDArray actual = model.forward().scores(HISTORIES);
    assertArrayEquals(expected.shape(), actual.shape());
    assertTrue(expected.equalsWithEps(actual, 1e-6), () -> "expected " + expected + "\nactual " + actual);
    // Padding column: the padding row of the item table is zero.
    for (int u = 0; u < HISTORIES.size(); u++) {
      assertEquals(0f, actual.getFloat(u, 0), 0f);
    }
  }

  @Test
  void differentWeightsGiveDifferentScores() {
    // Guards the round-trip test: scores must depend on the weights for bit-equality to mean anything.
    assertNotEquals(Arrays.toString(scores(model(5), HISTORIES)), Arrays.toString(scores(model(6), HISTORIES)));
  }

  @Test
  void modelOfRefusesMissingWeight() {
    Map<String, INDArray> weights = weights(CONFIG, ITEMS, 5);
    weights.remove(SasrecWeights.block(1, "attn.wk"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SasrecModel.of(CONFIG, vocabulary(), weights, popularity(), provenance()));
    assertTrue(e.getMessage().contains("block1.attn.wk"), e.getMessage());
  }

  /** Writes an artifact with the model's tensors, edited, through the production writer (valid file, wrong model). */
  private Path artifactWith(Consumer<Map<String, Tensor>> edit) throws IOException {
    ModelArtifact good = model(5).artifact();
    Map<String, Tensor> tensors = new LinkedHashMap<>(good.weights());
    edit.accept(tensors);
    Path file = dir.resolve("edited.sasrec");
    ArtifactFile.write(ModelArtifact.of(good.config(), good.items(), tensors, good.popularity(), good.provenance()),
        file);
    // The file itself is intact: only the SASRec check may refuse it.
    ArtifactFile.read(file);
    return file;
  }

  private static Tensor zeros(long... shape) {
    return new Tensor(shape, new float[Math.toIntExact(Tensor.elementCount(shape))]);
  }

  private static void assertRefused(Path file, String... messageParts) {
    InvalidArtifactException e = assertThrows(InvalidArtifactException.class, () -> SasrecModel.load(file));
    assertEquals(file, e.file());
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    for (String part : messageParts) {
      assertTrue(e.getMessage().contains(part), () -> "'" + part + "' not in: " + e.getMessage());
    }
  }

  @Test
  void itemTableWithWrongRowCountIsRefused() throws IOException {
    Path file = artifactWith(t -> t.put(SasrecWeights.ITEM_EMB, zeros(ITEMS + 1, CONFIG.hiddenSize())));
    assertRefused(file, "'item_emb'", "[13, 8]", "[12, 8]");
  }

  @Test
  void positionTableThatDoesNotFitMaxLenIsRefused() throws IOException {
    Path file = artifactWith(t -> t.put(SasrecWeights.POS_EMB, zeros(CONFIG.maxLen() - 1, CONFIG.hiddenSize())));
    assertRefused(file, "'pos_emb'");
  }

  @Test
  void missingParameterIsRefused() throws IOException {
    Path file = artifactWith(t -> t.remove(SasrecWeights.block(0, "ffn.w2")));
    assertRefused(file, "missing parameter", "'block0.ffn.w2'");
  }

  @Test
  void unexpectedParameterIsRefused() throws IOException {
    // A third block's weights in a two-block model: silently ignoring them would hide a config mix-up.
    Path file = artifactWith(t -> t.put(SasrecWeights.block(2, "ffn.b1"), zeros(CONFIG.hiddenSize())));
    assertRefused(file, "'block2.ffn.b1'");
  }

  @Test
  void vectorWhereAMatrixBelongsIsRefused() throws IOException {
    Path file = artifactWith(t -> t.put(SasrecWeights.block(1, "attn.wq"), zeros(CONFIG.hiddenSize())));
    assertRefused(file, "'block1.attn.wq'");
  }

  @Test
  void truncatedFileIsRefused() throws IOException {
    Path good = dir.resolve("model.sasrec");
    model(5).save(good);
    byte[] bytes = Files.readAllBytes(good);
    for (int length : new int[] {bytes.length - 1, bytes.length - 32, bytes.length / 2, 20, 8, 0}) {
      Path truncated = dir.resolve("truncated-" + length + ".sasrec");
      Files.write(truncated, Arrays.copyOf(bytes, length));
      InvalidArtifactException e = assertThrows(InvalidArtifactException.class, () -> SasrecModel.load(truncated),
          "truncated to " + length + " bytes");
      assertTrue(e.getMessage().contains(truncated.toString()), e.getMessage());
    }
    // The untouched file still loads: the refusals were about truncation.
    SasrecModel.load(good);
  }

  @Test
  void flippedByteIsRefused() throws IOException {
    Path good = dir.resolve("model.sasrec");
    model(5).save(good);
    byte[] bytes = Files.readAllBytes(good);
    bytes[bytes.length - 100] ^= 0x01;   // inside the weights
    Path corrupted = dir.resolve("corrupted.sasrec");
    Files.write(corrupted, bytes);
    assertThrows(InvalidArtifactException.class, () -> SasrecModel.load(corrupted));
  }

  @Test
  void missingFileIsNoSuchFile() {
    assertThrows(NoSuchFileException.class, () -> SasrecModel.load(dir.resolve("absent.sasrec")));
  }

  @Test
  void saveReplacesAnExistingModel() throws IOException {
    Path file = dir.resolve("model.sasrec");
    model(5).save(file);
    SasrecModel second = model(6);
    second.save(file);
    assertArrayEquals(scores(second, HISTORIES), scores(SasrecModel.load(file), HISTORIES));
  }
}
