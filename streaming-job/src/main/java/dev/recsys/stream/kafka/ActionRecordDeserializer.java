package dev.recsys.stream.kafka;

import dev.recsys.events.ParseResult;
import dev.recsys.events.RejectionReason;
import dev.recsys.events.UserActionParser;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads the clean topic with the same strict parser as the validator. The topic should only hold
 * valid events, but a producer writing to it directly can break that; such a record becomes a
 * {@link DeadLetter} instead of failing the job (which would fail again on the same record after
 * every restart) or vanishing.
 */
public final class ActionRecordDeserializer implements KafkaRecordDeserializationSchema<IncomingRecord> {
  private static final long serialVersionUID = 1L;
  private transient UserActionParser parser;

  @Override
  public void open(DeserializationSchema.InitializationContext context) {
    parser = UserActionParser.withDefaults();
  }

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<IncomingRecord> out) {
    ParseResult result = parser.parse(record.value());
    if (result instanceof ParseResult.Accepted accepted) {
      byte[] key = record.key();
      if (key != null && !Arrays.equals(key, accepted.action().userId().getBytes(StandardCharsets.UTF_8))) {
        out.collect(rejected(record, RejectionReason.KEY_MISMATCH,
            "key: record key must be the userId '" + accepted.action().userId() + "'"));
        return;
      }
      out.collect(IncomingRecord.valid(accepted.action(), record.partition(), record.offset()));
    } else {
      ParseResult.Rejected rejected = (ParseResult.Rejected) result;
      out.collect(rejected(record, rejected.reason(), rejected.detail()));
    }
  }

  private static IncomingRecord rejected(ConsumerRecord<byte[], byte[]> record, RejectionReason reason, String detail) {
    return IncomingRecord.rejected(new DeadLetter(record.topic(), record.partition(), record.offset(),
        record.timestamp(), record.key(), record.value(), reason, detail));
  }

  @Override
  public TypeInformation<IncomingRecord> getProducedType() {
    return TypeInformation.of(IncomingRecord.class);
  }
}
