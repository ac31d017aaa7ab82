package dev.recsys.cli.demo;

import dev.recsys.model.sasrec.Objective;
import dev.recsys.model.sasrec.SasrecConfig;
import dev.recsys.model.train.EpochRecord;
import dev.recsys.model.train.TrainingCurvePlot;
import dev.recsys.model.train.TrainingOptions;
import dev.recsys.retrain.RetrainListener;
import dev.recsys.retrain.RetrainOutcome;
import dev.recsys.retrain.RetrainSettings;
import dev.recsys.retrain.Retrainer;
import dev.recsys.store.serve.FeatureStoreServer;
import dev.recsys.store.serve.ServeSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The serving API and retraining as the demo runs them: in this JVM, with small, fast settings. */
final class DemoServices {
  /** Small enough to train in seconds on two cores, big enough to learn the generated series. */
  static final SasrecConfig MODEL = new SasrecConfig(30, 32, 2, 1, 0.2, 0.0, true);

  private DemoServices() {}

  static FeatureStoreServer startServingApi(Path storeDir, int port, String bootstrap) throws IOException {
    return FeatureStoreServer.start(ServeSettings.builder().host("127.0.0.1").port(port).storeDir(storeDir)
        .bootstrapServers(bootstrap).build());
  }

  /** A retrain's result as the demo reports it. */
  record Retrained(RetrainOutcome outcome, Path curve) {
    Path artifact() {
      return outcome.artifact();
    }

    boolean published() {
      return outcome.published();
    }

    String summary() {
      // The decision's text starts with "published:" or "refused:".
      return String.format(Locale.ROOT, "%s (%d epochs%s, %.1f s); %s; training curve %s",
          outcome.decision().text(), outcome.epochsTrained(),
          outcome.warmStarted() ? ", warm start from " + outcome.servingVersion() : "", outcome.trainingSeconds(),
          outcome.artifact(), curve);
    }
  }

  /**
   * Replays the clean topic into the retrain store (only what is new since the last run), trains,
   * gates against the serving model and announces the new version if it passes.
   */
  static Retrained retrain(Path dir, String bootstrap, String version, int epochs, long seed, PrintStream out)
      throws Exception {
    TrainingOptions training = new TrainingOptions(epochs, 64, 0.002, Objective.BCE, 100, seed, 2, 3, 0, false);
    RetrainSettings settings = RetrainSettings.defaults().bootstrapServers(bootstrap).storeDir(dir)
        .config(MODEL).training(training).version(version).build();
    List<EpochRecord> epochsDone = new ArrayList<>();
    RetrainOutcome outcome = new Retrainer().run(settings, new RetrainListener() {
      @Override
      public void info(String message) {
        out.println("   " + message);
      }

      @Override
      public void warning(String message) {
        out.println("   warning: " + message);
      }

      @Override
      public void epochDone(EpochRecord record, boolean newBest) {
        epochsDone.add(record);
      }
    });
    out.print(indent(outcome.table()));
    Path curve = outcome.artifact().resolveSibling(version + ".curve.png");
    TrainingCurvePlot.write(epochsDone, curve, "SASRec " + version + " (demo retrain)", "sampled");
    return new Retrained(outcome, curve);
  }

  private static String indent(String text) {
    return text.lines().map(line -> "   " + line + System.lineSeparator()).reduce("", String::concat);
  }
}
