package dev.recsys.retrain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recsys.events.Topics;
import dev.recsys.model.train.TrainingOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetrainSettingsTest {
  @Test
  void defaultsAreTheStandardTopicsAWarmStartAndTheFullRankingGate() {
    RetrainSettings settings = RetrainSettings.defaults().build();
    assertEquals("localhost:9092", settings.kafka().get("bootstrap.servers"));
    assertEquals(Topics.VALID, settings.actionsTopic());
    assertEquals(Topics.MODEL_UPDATES, settings.modelUpdatesTopic());
    assertEquals(Path.of(".recsys/retrain/models"), settings.modelStore());
    assertEquals(Path.of(".recsys/retrain/store"), settings.eventStore());
    assertTrue(settings.warmStart());
    assertEquals(GateMetric.DEFAULT, settings.gateMetric());
    assertEquals(0.0, settings.gateMargin());
    assertNull(settings.version());
    assertNull(settings.config());
    TrainingOptions train = TrainingOptions.defaults();
    assertEquals(RetrainSettings.DEFAULT_EPOCHS, settings.training().epochs());
    assertEquals(train.learningRate(), settings.training().learningRate());
    assertEquals(train.batchSize(), settings.training().batchSize());
    assertTrue(settings.training().selectOnFullRanking(), "the best epoch is chosen on the gate's protocol");
  }

  @Test
  void aModelsDirectoryReplacesTheDefaultModelStore() {
    RetrainSettings settings = RetrainSettings.defaults().storeDir(Path.of("/s")).modelsDir(Path.of("/m")).build();
    assertEquals(Path.of("/m"), settings.modelStore());
    assertEquals(settings, settings.toBuilder().build());
  }

  @Test
  void badSettingsAreRefusedNamingTheSetting() {
    assertRefused("retrain settings: version '../x' must be letters", RetrainSettings.defaults().version("../x"));
    assertRefused("retrain settings: version '.hidden' must be", RetrainSettings.defaults().version(".hidden"));
    assertRefused("retrain settings: version must be at most 128",
        RetrainSettings.defaults().version("v".repeat(129)));
    assertRefused("retrain settings: gateMargin must be a finite number",
        RetrainSettings.defaults().gateMargin(Double.NaN));
    assertRefused("retrain settings: kafka must set bootstrap.servers", RetrainSettings.defaults().kafka(Map.of()));
    assertRefused("retrain settings: actionsTopic is required", RetrainSettings.defaults().actionsTopic(" "));
    assertRefused("retrain settings: storeDir is required", RetrainSettings.defaults().storeDir(null));
    assertRefused("retrain settings: replayIdleTimeout must be positive",
        RetrainSettings.defaults().replayIdleTimeout(Duration.ZERO));
  }

  private static void assertRefused(String start, RetrainSettings.Builder builder) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
    assertTrue(e.getMessage().startsWith(start), e.getMessage());
  }
}
