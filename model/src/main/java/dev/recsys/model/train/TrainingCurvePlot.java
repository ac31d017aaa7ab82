package dev.recsys.model.train;

import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Objects;
import dev.recsys.model.io.AtomicFile;
import javax.imageio.ImageIO;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Renders a run's training curves to one PNG: mean training loss on top, validation NDCG@10 and
 * HR@10 below, both against the epoch number.
 */
public final class TrainingCurvePlot {
  public static final int WIDTH = 1000;
  public static final int HEIGHT = 700;

  static final String NDCG = "NDCG@10";
  static final String HR = "HR@10";

  private TrainingCurvePlot() {}

  /**
   * Writes the curves of {@code epochs} to {@code png}, replacing it atomically.
   *
   * @throws IllegalArgumentException if {@code epochs} is empty
   */
  public static void write(List<EpochRecord> epochs, Path png, String title) throws IOException {
    write(epochs, png, title, "sampled");
  }

  /**
   * As {@link #write(List, Path, String)}, naming the protocol the validation metrics come from
   * ("sampled" or "full").
   */
  public static void write(List<EpochRecord> epochs, Path png, String title, String validationProtocol)
      throws IOException {
    Objects.requireNonNull(epochs, "epochs");
    Objects.requireNonNull(png, "png");
    Objects.requireNonNull(title, "title");
    if (epochs.isEmpty()) {
      throw new IllegalArgumentException(
          "no epochs to plot: a training curve needs at least one finished epoch");
    }
    // The CLI runs on servers without a display, where a non-headless AWT fails on first use. This
    // only takes effect if AWT has not been initialised yet; an explicit setting is respected.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }

    int half = HEIGHT / 2;
    BufferedImage top = BitmapEncoder.getBufferedImage(lossChart(epochs, title, half));
    BufferedImage bottom =
        BitmapEncoder.getBufferedImage(validationChart(epochs, validationProtocol, HEIGHT - half));
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.drawImage(top, 0, 0, null);
      g.drawImage(bottom, 0, half, null);
    } finally {
      g.dispose();
    }
    writeAtomically(image, png);
  }

  private static XYChart lossChart(List<EpochRecord> epochs, String title, int height) {
    XYChart chart = baseChart(title + " - training loss", "mean loss", epochs, height);
    List<Integer> x = new ArrayList<>(epochs.size());
    List<Double> y = new ArrayList<>(epochs.size());
    for (EpochRecord e : epochs) {
      x.add(e.epoch());
      y.add(e.meanLoss());
    }
    XYSeries series = chart.addSeries("train loss", x, y);
    series.setMarker(SeriesMarkers.CIRCLE);
    return chart;
  }

  private static XYChart validationChart(List<EpochRecord> epochs, String protocol, int height) {
    XYChart chart = baseChart("validation (" + protocol + ")", "metric", epochs, height);
    boolean any = false;
    for (String metric : List.of(NDCG, HR)) {
      List<Integer> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      for (EpochRecord e : epochs) {
        // A validated epoch may lack this metric when the run was configured with other cutoffs.
        Double value = e.validation().get(metric);
        if (e.validated() && value != null) {
          x.add(e.epoch());
          y.add(value);
        }
      }
      // XChart rejects a series without points, so a metric never measured gets no legend entry.
      if (!x.isEmpty()) {
        chart.addSeries(metric, x, y).setMarker(SeriesMarkers.CIRCLE);
        any = true;
      }
    }
    if (!any) {
      // Keep the panel (and the image layout) stable, so an early plot of a run looks like a late
      // one; the note tells the reader the empty axes are expected, not a rendering failure.
      chart.getStyler().setYAxisMin(0.0);
      chart.getStyler().setYAxisMax(1.0);
      chart.getStyler().setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
      chart.addAnnotation(new AnnotationText("no validation yet", WIDTH / 2.0, height / 2.0, true));
    }
    return chart;
  }

  private static XYChart baseChart(
      String title, String yTitle, List<EpochRecord> epochs, int height) {
    XYChart chart = new XYChartBuilder()
        .width(WIDTH)
        .height(height)
        .title(title)
        .xAxisTitle("epoch")
        .yAxisTitle(yTitle)
        .build();
    // Outside, so the legend never hides the latest (most interesting) points, and both panels get
    // the same legend column, which keeps their epoch axes aligned.
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    // Epochs are integers; without this the axis shows fractional epochs like 2.5.
    chart.getStyler().setXAxisDecimalPattern("#");
    chart.getStyler().setYAxisDecimalPattern("0.####");
    // Both panels span all trained epochs, so a validation point sits under the loss of its epoch
    // even when validation runs only every few epochs.
    IntSummaryStatistics range = epochs.stream().mapToInt(EpochRecord::epoch).summaryStatistics();
    chart.getStyler().setXAxisMin((double) range.getMin());
    chart.getStyler().setXAxisMax((double) range.getMax());
    return chart;
  }

  private static void writeAtomically(BufferedImage image, Path png) throws IOException {
    // Readers (a browser refreshing the plot mid-training) see the old PNG or the new one.
    AtomicFile.write(png, channel -> {
      // Not closed: closing the stream would close the channel before AtomicFile forces it.
      OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel));
      if (!ImageIO.write(image, "png", out)) {
        throw new IOException("no PNG writer available in this JVM");
      }
      out.flush();
    });
  }
}
