package dev.recsys.stream.scoring;

import dev.recsys.events.ModelUpdate;
import dev.recsys.events.ModelUpdateJson;
import dev.recsys.events.Recommendation;
import dev.recsys.model.inference.Recommendations;
import dev.recsys.model.inference.ScoredItem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedMultiInput;
import org.apache.flink.streaming.api.operators.TwoInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores users in micro-batches and serves a model that can be replaced while it runs.
 *
 * <p>Input 1: scoring requests. They are buffered and scored together, in one batched SASRec
 * forward pass, when {@code batchSize} are waiting, when the oldest has waited {@code batchTimeout},
 * before every checkpoint barrier (so a checkpoint never covers a request whose recommendation has
 * not been emitted: nothing buffered is lost on restore), before a watermark, and at end of input.
 *
 * <p>Input 2 (broadcast to every subtask): model announcements. Each is loaded and checked on a
 * background thread, off the scoring path, and swapped in with one reference write; requests keep
 * being scored by the old model meanwhile. A refused model is logged and counted and the old one
 * keeps serving. Which announcement is serving (and which is still loading) is checkpointed, so a
 * restore serves the same model rather than falling back to the start model.
 */
public final class ScoringOperator extends AbstractStreamOperator<Recommendation>
    implements TwoInputStreamOperator<ScoringRequest, ModelUpdate, Recommendation>, BoundedMultiInput {
  private static final long serialVersionUID = 1L;
  /** Its own logger, not AbstractStreamOperator's: model swaps are the job's news, not Flink's. */
  private static final Logger LOG = LoggerFactory.getLogger(ScoringOperator.class);
  private static final String SERVING = "serving";
  private static final String PENDING = "pending";
  static final MapStateDescriptor<String, byte[]> MODEL_STATE = new MapStateDescriptor<>(
      "serving-model", BasicTypeInfo.STRING_TYPE_INFO, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
  private static final int HISTOGRAM_WINDOW = 10_000;

  private final ModelUpdate startModel;
  private final int k;
  private final int batchSize;
  private final long batchTimeoutMillis;

  private transient List<ScoringRequest> batch;
  /** The pending batch timeout, cancelled when the batch goes out earlier. */
  private transient ScheduledFuture<?> batchTimer;
  private transient AtomicReference<ServingModel> serving;
  private transient volatile ModelUpdate loading;
  private transient ExecutorService loader;
  private transient BroadcastState<String, byte[]> modelState;
  private transient ModelUpdate restoredServing;
  private transient ModelUpdate restoredLoading;

  private transient Counter recommendationsOut;
  private transient Counter coldStarts;
  private transient Counter unknownItems;
  private transient Counter modelsLoaded;
  private transient Counter modelsRefused;
  private transient Histogram batchSizes;
  private transient Histogram scoringMicros;
  private transient Histogram waitMillis;

  /**
   * @param startModel the model served until an announcement replaces it
   * @param k items per recommendation
   * @param batchSize most requests per forward pass
   * @param batchTimeout longest a request waits for its batch; zero scores every request alone
   */
  public ScoringOperator(ModelUpdate startModel, int k, int batchSize, Duration batchTimeout) {
    this.startModel = startModel;
    this.k = k;
    this.batchSize = batchSize;
    this.batchTimeoutMillis = batchTimeout.toMillis();
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    modelState = context.getOperatorStateStore().getBroadcastState(MODEL_STATE);
    restoredServing = decode(modelState.get(SERVING));
    restoredLoading = decode(modelState.get(PENDING));
  }

  @Override
  public void open() throws Exception {
    super.open();
    batch = new ArrayList<>(batchSize);
    MetricGroup metrics = getMetricGroup();
    recommendationsOut = metrics.counter("recommendationsOut");
    coldStarts = metrics.counter("coldStarts");
    unknownItems = metrics.counter("unknownItems");
    modelsLoaded = metrics.counter("modelsLoaded");
    modelsRefused = metrics.counter("modelsRefused");
    batchSizes = metrics.histogram("scoringBatchSize", new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
    scoringMicros = metrics.histogram("scoringLatencyMicros", new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
    waitMillis = metrics.histogram("requestToRecommendationMillis", new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
    serving = new AtomicReference<>(loadAtStart());
    metrics.gauge("modelVersion", () -> serving.get().version());
    loader = Executors.newSingleThreadExecutor(runnable -> {
      Thread thread = new Thread(runnable, "model-loader-" + getRuntimeContext().getTaskInfo().getTaskNameWithSubtasks());
      thread.setDaemon(true);
      return thread;
    });
    if (restoredLoading != null) {
      startLoading(restoredLoading);
    }
  }

  /** The restored serving model if there is one and it still loads, else the start model. */
  private ServingModel loadAtStart() throws ModelRefusedException {
    if (restoredServing != null && !restoredServing.equals(startModel)) {
      try {
        ServingModel model = ModelLoader.load(restoredServing, null);
        LOG.info("Serving model {} restored from the checkpoint", restoredServing.version());
        return model;
      } catch (ModelRefusedException e) {
        modelsRefused.inc();
        LOG.error("The checkpointed model can no longer be loaded; serving the start model {} instead: {}",
            startModel.version(), e.getMessage());
      }
    }
    ServingModel model = ModelLoader.load(startModel, null);
    LOG.info("Serving model {} ({})", startModel.version(), startModel.uri());
    return model;
  }

  @Override
  public void processElement1(StreamRecord<ScoringRequest> element) throws Exception {
    batch.add(element.getValue());
    if (batch.size() >= batchSize || batchTimeoutMillis == 0) {
      flush();
    } else if (batchTimer == null) {
      long now = getProcessingTimeService().getCurrentProcessingTime();
      batchTimer = getProcessingTimeService().registerTimer(now + batchTimeoutMillis, time -> {
        batchTimer = null;
        flush();
      });
    }
  }

  @Override
  public void processElement2(StreamRecord<ModelUpdate> element) {
    ModelUpdate update = element.getValue();
    if (update.equals(serving.get().source()) || update.equals(loading)) {
      LOG.info("Model {} is already serving or loading; announcement ignored", update.version());
      return;
    }
    startLoading(update);
  }

  private void startLoading(ModelUpdate update) {
    loading = update;
    LOG.info("Loading model {} from {}", update.version(), update.uri());
    loader.execute(() -> {
      try {
        ServingModel next = ModelLoader.load(update, serving.get());
        ServingModel previous = serving.getAndSet(next);
        modelsLoaded.inc();
        LOG.info("Model {} now serving (was {})", update.version(), previous.version());
      } catch (ModelRefusedException e) {
        modelsRefused.inc();
        LOG.error("Model refused, {} keeps serving: {}", serving.get().version(), e.getMessage());
      } catch (RuntimeException e) {
        // ND4J can fail in ways the checks above do not foresee; refusing keeps the job serving.
        modelsRefused.inc();
        LOG.error("Model {} refused, {} keeps serving", update.version(), serving.get().version(), e);
      } finally {
        if (loading == update) {
          loading = null;
        }
      }
    });
  }

  /** Scores every buffered request with the model serving now, in one forward pass. */
  private void flush() {
    if (batchTimer != null) {
      batchTimer.cancel(false);
      batchTimer = null;
    }
    if (batch.isEmpty()) {
      return;
    }
    ServingModel model = serving.get();
    List<List<String>> histories = new ArrayList<>(batch.size());
    for (ScoringRequest request : batch) {
      histories.add(request.historyList());
    }
    long start = System.nanoTime();
    List<Recommendations> results = model.recommender().recommendBatch(histories, k);
    scoringMicros.update((System.nanoTime() - start) / 1000);
    batchSizes.update(batch.size());
    long now = getProcessingTimeService().getCurrentProcessingTime();
    for (int i = 0; i < batch.size(); i++) {
      ScoringRequest request = batch.get(i);
      Recommendations result = results.get(i);
      List<Recommendation.Item> items = new ArrayList<>(result.items().size());
      for (ScoredItem item : result.items()) {
        items.add(new Recommendation.Item(item.itemId(), item.score()));
      }
      if (result.coldStart()) {
        coldStarts.inc();
      }
      unknownItems.inc(result.unknownItems());
      waitMillis.update(now - request.receivedAt());
      output.collect(new StreamRecord<>(new Recommendation(request.userId(), items, model.version(),
          result.coldStart(), request.eventTime(), request.eventId(), request.partition(), request.offset(), now),
          request.eventTime()));
    }
    recommendationsOut.inc(batch.size());
    batch.clear();
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    super.prepareSnapshotPreBarrier(checkpointId);
    flush();
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    modelState.put(SERVING, ModelUpdateJson.toBytes(serving.get().source()));
    ModelUpdate stillLoading = loading;
    if (stillLoading != null) {
      modelState.put(PENDING, ModelUpdateJson.toBytes(stillLoading));
    } else {
      modelState.remove(PENDING);
    }
  }

  /** Only the requests' watermarks count: model announcements carry no event time. */
  @Override
  public void processWatermark1(Watermark mark) throws Exception {
    flush();
    output.emitWatermark(mark);
  }

  @Override
  public void processWatermark2(Watermark mark) {
    // Announcements have no event time; holding the output watermark back for them would stall it.
  }

  @Override
  public void endInput(int inputId) {
    if (inputId == 1) {
      flush();
    }
  }

  @Override
  public void finish() throws Exception {
    flush();
    super.finish();
  }

  @Override
  public void close() throws Exception {
    if (loader != null) {
      loader.shutdownNow();
      loader.awaitTermination(10, TimeUnit.SECONDS);
    }
    super.close();
  }

  private static ModelUpdate decode(byte[] bytes) {
    return bytes == null ? null : ModelUpdateJson.parse(bytes);
  }
}
