package dev.recsys.stream.history;

import dev.recsys.stream.kafka.SourcedAction;
import dev.recsys.stream.scoring.ScoringRequest;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by user: appends each event's item to the user's history in keyed state (RocksDB in
 * production), keeps the newest {@code maxLength} items, and asks for the user to be scored with
 * the history as it now stands. Histories expire {@code ttl} after the user's last event.
 */
public final class HistoryFunction extends KeyedProcessFunction<String, SourcedAction, ScoringRequest> {
  private static final long serialVersionUID = 1L;
  static final String STATE_NAME = "history";

  private final int maxLength;
  private final Duration ttl;
  private transient ValueState<byte[]> history;
  private transient Counter eventsIn;

  /**
   * @param maxLength items kept per user (what the model can look at)
   * @param ttl how long a history outlives its user's last event; zero keeps it forever
   */
  public HistoryFunction(int maxLength, Duration ttl) {
    if (maxLength < 1) {
      throw new IllegalArgumentException("history max length must be >= 1, got " + maxLength);
    }
    this.maxLength = maxLength;
    this.ttl = ttl;
  }

  /** The state descriptor, with its TTL; public so that tests and tools read the same state. */
  public static ValueStateDescriptor<byte[]> descriptor(Duration ttl) {
    ValueStateDescriptor<byte[]> descriptor =
        new ValueStateDescriptor<>(STATE_NAME, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
    if (!ttl.isZero()) {
      descriptor.enableTimeToLive(StateTtlConfig.newBuilder(ttl)
          .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
          .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
          // RocksDB drops expired users during compaction, so idle users do not grow the state forever.
          .cleanupInRocksdbCompactFilter(1000)
          .build());
    }
    return descriptor;
  }

  @Override
  public void open(OpenContext context) {
    history = getRuntimeContext().getState(descriptor(ttl));
    eventsIn = getRuntimeContext().getMetricGroup().counter("eventsIn");
  }

  @Override
  public void processElement(SourcedAction event, Context context, Collector<ScoringRequest> out) throws Exception {
    eventsIn.inc();
    List<String> items = HistoryCodec.decode(history.value());
    items.add(event.action().itemId());
    if (items.size() > maxLength) {
      items = items.subList(items.size() - maxLength, items.size());
    }
    history.update(HistoryCodec.encode(items));
    out.collect(ScoringRequest.of(event, items, context.timerService().currentProcessingTime()));
  }
}
