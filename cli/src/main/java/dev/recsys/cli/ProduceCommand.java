package dev.recsys.cli;

import dev.recsys.events.Topics;
import dev.recsys.ingest.replay.ReplayDataset;
import dev.recsys.ingest.replay.ReplayProducer;
import dev.recsys.ingest.replay.ReplaySummary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "produce", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Replays a dataset into a Kafka topic as UserAction events, in event-time order,",
        "keyed by user, with an idempotent producer (acks=all). SASRec .txt files have no times:",
        "each user's n-th event is given 2020-01-01T00:00Z plus n minutes. Prints a summary line",
        "(sent, failed, events/s) to stdout; exits 1 if any event failed."})
final class ProduceCommand implements Callable<Integer> {
  @Option(names = "--data", required = true, paramLabel = "FILE",
      description = "SASRec .txt (user item), MovieLens ratings.dat, CSV with a user,item,timestamp header "
          + "(optional rating column; times in seconds or milliseconds), or JSON lines (.jsonl) of events; "
          + ".gz is read transparently.")
  Path data;

  @Option(names = "--format", defaultValue = "auto", paramLabel = "FORMAT",
      description = "auto (by file name), sasrec, movielens, csv or jsonl. Default: ${DEFAULT-VALUE}.")
  String format;

  @Option(names = "--topic", defaultValue = Topics.RAW, paramLabel = "TOPIC",
      description = "Default: ${DEFAULT-VALUE} (the validator's input).")
  String topic;

  @Option(names = "--rate", defaultValue = "0", paramLabel = "N",
      description = "Events per second; 0 sends as fast as the producer goes. Default: ${DEFAULT-VALUE}.")
  double rate;

  @Option(names = "--action", paramLabel = "TYPE",
      description = "Action type for interaction files. Default: rating when the line has a rating, else view.")
  String action;

  @Option(names = "--skip-bad-lines", description = "Skip and count malformed lines instead of stopping at the first one.")
  boolean skipBadLines;

  @Option(names = "--no-progress", description = "No progress bar.")
  boolean noProgress;

  @Mixin KafkaClientOptions kafka;

  @Override
  public Integer call() throws Exception {
    if (rate < 0 || Double.isNaN(rate)) {
      throw new IllegalArgumentException("--rate must be 0 (unlimited) or positive, got " + rate);
    }
    ReplayDataset.Format chosen = ReplayDataset.Format.of(format, data);
    ReplayDataset.Loaded loaded = ReplayDataset.load(data, chosen, new ReplayDataset.Options(action, skipBadLines));
    System.err.printf(Locale.ROOT, "read %,d events from %s (%s)%s%s%n", loaded.events().size(), data, chosen.cliName(),
        loaded.synthesisedTimes() ? "; event times synthesised (the format has none)" : "",
        loaded.skippedLines() > 0 ? "; " + loaded.skippedLines() + " bad lines skipped" : "");
    kafka.requireTopics(List.of(topic));
    ReplayProducer producer = new ReplayProducer(kafka.clientSettings());
    System.err.printf("producing to %s at %s%s%n", topic, kafka.bootstrapServers(),
        rate > 0 ? String.format(Locale.ROOT, ", %.0f events/s", rate) : ", as fast as possible");

    // Ctrl-C: stop sending, flush what was handed over and print the summary before the JVM exits.
    ReplaySummary summary;
    try (ShutdownHook hook = ShutdownHook.install("produce", producer::cancel)) {
      try (ProgressBar bar = progressBar(loaded.events().size())) {
        summary = producer.replay(loaded.events(), topic, rate, sent -> {
          if (bar != null) {
            bar.stepTo(sent);
          }
        });
      }
      System.out.println(summary);
    }
    if (summary.failed() > 0) {
      throw new IOException(summary.failed() + " event(s) were not acknowledged by Kafka, so the replay stopped after "
          + summary.sent() + "; first error: " + summary.firstError());
    }
    return 0;
  }

  private ProgressBar progressBar(long total) {
    if (noProgress) {
      return null;
    }
    return new ProgressBarBuilder().setTaskName("produce").setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(250).setUnit(" events", 1).showSpeed()
        .setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
  }
}
