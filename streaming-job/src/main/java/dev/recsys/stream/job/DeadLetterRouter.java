package dev.recsys.stream.job;

import dev.recsys.stream.kafka.DeadLetter;
import dev.recsys.stream.kafka.IncomingRecord;
import dev.recsys.stream.kafka.SourcedAction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Valid actions go on; records that break the contract go to the dead-letter side output. */
final class DeadLetterRouter extends ProcessFunction<IncomingRecord, SourcedAction> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterRouter.class);
  static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

  private transient Counter deadLetters;

  @Override
  public void open(OpenContext context) {
    deadLetters = getRuntimeContext().getMetricGroup().counter("deadLetters");
  }

  @Override
  public void processElement(IncomingRecord record, Context context, Collector<SourcedAction> out) {
    if (record.isValid()) {
      out.collect(record.action());
    } else {
      DeadLetter letter = record.deadLetter();
      deadLetters.inc();
      LOG.warn("Input record {}-{}@{} breaks the event contract and goes to the dead-letter topic: {}: {}",
          letter.topic(), letter.partition(), letter.offset(), letter.reason().code(), letter.detail());
      context.output(DEAD_LETTERS, letter);
    }
  }
}
