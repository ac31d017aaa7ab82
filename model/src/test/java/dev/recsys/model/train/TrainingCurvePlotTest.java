package dev.recsys.model.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingCurvePlotTest {
  @TempDir Path dir;

  private static EpochRecord epoch(int n, double loss, Map<String, Double> validation) {
    return new EpochRecord(n, loss, 1.5, 1000.0, validation);
  }

  @Test
  void writesReadablePngWithLossAndValidation() throws IOException {
    List<EpochRecord> epochs = List.of(
        epoch(1, 1.20, Map.of()),
        epoch(2, 0.90, Map.of("NDCG@10", 0.31, "HR@10", 0.52)),
        epoch(3, 0.75, Map.of()),
        epoch(4, 0.66, Map.of("NDCG@10", 0.42, "HR@10", 0.64)),
        epoch(5, 0.61, Map.of("NDCG@10", 0.45, "HR@10", 0.68)));
    Path png = dir.resolve("curves.png");

    TrainingCurvePlot.write(epochs, png, "test run");

    assertRealImage(png);
    assertNoTempFilesLeft();
  }

  @Test
  void replacesAnExistingPlot() throws IOException {
    Path png = dir.resolve("curves.png");
    Files.writeString(png, "stale, not a png");

    TrainingCurvePlot.write(List.of(epoch(1, 1.0, Map.of("NDCG@10", 0.2, "HR@10", 0.4))), png, "t");

    assertRealImage(png);
    assertNoTempFilesLeft();
  }

  @Test
  void refusesEmptyEpochList() {
    Path png = dir.resolve("curves.png");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TrainingCurvePlot.write(List.of(), png, "t"));
    assertTrue(e.getMessage().contains("no epochs"), e.getMessage());
    assertTrue(Files.notExists(png));
  }

  @Test
  void writesPngWhenNoEpochWasValidated() throws IOException {
    List<EpochRecord> epochs = List.of(epoch(1, 1.1, Map.of()), epoch(2, 0.8, Map.of()));
    Path png = dir.resolve("curves.png");

    TrainingCurvePlot.write(epochs, png, "unvalidated run");

    assertRealImage(png);
  }

  private static void assertRealImage(Path png) throws IOException {
    BufferedImage image = ImageIO.read(png.toFile());
    assertNotNull(image, "not a decodable image");
    assertEquals(TrainingCurvePlot.WIDTH, image.getWidth());
    assertEquals(TrainingCurvePlot.HEIGHT, image.getHeight());
    // A blank canvas would still have the right size; distinct colours show something was drawn.
    int first = image.getRGB(0, 0);
    boolean varied = false;
    for (int y = 0; y < image.getHeight() && !varied; y += 3) {
      for (int x = 0; x < image.getWidth(); x += 3) {
        if (image.getRGB(x, y) != first) {
          varied = true;
          break;
        }
      }
    }
    assertTrue(varied, "image is a single colour");
  }

  private void assertNoTempFilesLeft() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(dir.resolve("curves.png")), files.toList());
    }
  }
}
