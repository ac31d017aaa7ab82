package dev.recsys.stream.job;

import dev.recsys.events.ModelUpdate;
import dev.recsys.events.Recommendation;
import dev.recsys.stream.config.StreamSettings;
import dev.recsys.stream.history.HistoryFunction;
import dev.recsys.stream.kafka.DeadLetter;
import dev.recsys.stream.kafka.IncomingRecord;
import dev.recsys.stream.kafka.SourcedAction;
import dev.recsys.stream.scoring.ScoringOperator;
import dev.recsys.stream.scoring.ScoringRequest;
import java.util.Objects;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The recommendation job: user actions → per-user history in keyed state → micro-batched SASRec
 * scoring with a hot-swappable model → top-K recommendations. Sources and sinks are passed in (Kafka
 * in production, see {@link KafkaConnectors}; bounded inputs in tests); {@link #pipeline} is the
 * graph itself, which tests reuse with their own inputs.
 */
public final class RecommendationJob {
  /** Operator uids: stable, so a savepoint taken by one build restores into the next. */
  static final String UID_EVENTS = "events-source";
  static final String UID_MODEL_UPDATES = "model-updates-source";
  static final String UID_ROUTE = "route-dead-letters";
  static final String UID_HISTORY = "history";
  static final String UID_SCORING = "scoring";

  /** What the graph produces. */
  public record Outputs(DataStream<Recommendation> recommendations, DataStream<DeadLetter> deadLetters) {}

  private final JobModel startModel;
  private final StreamSettings settings;
  private final Source<IncomingRecord, ?, ?> events;
  private final WatermarkStrategy<IncomingRecord> watermarks;
  private final Source<ModelUpdate, ?, ?> modelUpdates;
  private final Sink<Recommendation> recommendationSink;
  private final Sink<DeadLetter> deadLetterSink;

  public RecommendationJob(JobModel startModel, StreamSettings settings, Source<IncomingRecord, ?, ?> events,
      WatermarkStrategy<IncomingRecord> watermarks, Source<ModelUpdate, ?, ?> modelUpdates,
      Sink<Recommendation> recommendationSink, Sink<DeadLetter> deadLetterSink) {
    this.startModel = Objects.requireNonNull(startModel, "startModel");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.events = Objects.requireNonNull(events, "events");
    this.watermarks = Objects.requireNonNull(watermarks, "watermarks");
    this.modelUpdates = Objects.requireNonNull(modelUpdates, "modelUpdates");
    this.recommendationSink = Objects.requireNonNull(recommendationSink, "recommendationSink");
    this.deadLetterSink = Objects.requireNonNull(deadLetterSink, "deadLetterSink");
  }

  /** Adds the job to {@code env}; run it with {@code env.execute(...)}. */
  public void attach(StreamExecutionEnvironment env) {
    DataStream<IncomingRecord> records = env.fromSource(events, watermarks, "user-actions").uid(UID_EVENTS);
    DataStream<ModelUpdate> updates =
        env.fromSource(modelUpdates, WatermarkStrategy.noWatermarks(), "model-updates").uid(UID_MODEL_UPDATES);
    Outputs outputs = pipeline(records, updates, startModel, settings);
    outputs.recommendations().sinkTo(recommendationSink).name("recommendations").uid("recommendations-sink");
    outputs.deadLetters().sinkTo(deadLetterSink).name("dead-letters").uid("dead-letters-sink");
  }

  /**
   * The graph from records and model announcements to recommendations and dead letters.
   *
   * @param startModel the model served until an announcement replaces it
   */
  public static Outputs pipeline(DataStream<IncomingRecord> records, DataStream<ModelUpdate> updates,
      JobModel startModel, StreamSettings settings) {
    int historyLength = settings.historyMaxLength() > 0 ? settings.historyMaxLength() : startModel.maxLen();
    SingleOutputStreamOperator<SourcedAction> actions =
        records.process(new DeadLetterRouter()).name("route-dead-letters").uid(UID_ROUTE);
    DataStream<ScoringRequest> requests = actions
        .keyBy(action -> action.action().userId(), TypeInformation.of(String.class))
        .process(new HistoryFunction(historyLength, settings.historyTtl()))
        .name("history").uid(UID_HISTORY);
    DataStream<Recommendation> recommendations = requests
        .connect(updates.broadcast())
        .transform("scoring", TypeInformation.of(Recommendation.class),
            new ScoringOperator(startModel.announcement(), settings.k(), settings.batchSize(), settings.batchTimeout()))
        .uid(UID_SCORING);
    return new Outputs(recommendations, actions.getSideOutput(DeadLetterRouter.DEAD_LETTERS));
  }
}
