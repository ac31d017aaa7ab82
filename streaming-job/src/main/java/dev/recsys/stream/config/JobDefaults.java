package dev.recsys.stream.config;

import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;

/**
 * The Flink settings the job needs and a cluster may not configure: RocksDB state, incremental
 * checkpoints that outlive a cancel, a checkpoint interval, object reuse. Declared once here for
 * {@code recsys stream}, the benchmark and the tests.
 */
public final class JobDefaults {
  private JobDefaults() {}

  /**
   * The defaults for keys absent from {@code present}: a cluster's own settings win.
   *
   * @param local true for a local MiniCluster: adds a checkpoint directory under the temp dir and
   *     parallelism 1
   */
  public static Configuration notSetIn(Map<String, String> present, boolean local) {
    Configuration defaults = new Configuration();
    putIfAbsent(defaults, present, StateBackendOptions.STATE_BACKEND.key(), "rocksdb");
    putIfAbsent(defaults, present, CheckpointingOptions.INCREMENTAL_CHECKPOINTS.key(), "true");
    putIfAbsent(defaults, present, CheckpointingOptions.CHECKPOINTING_INTERVAL.key(), "5s");
    putIfAbsent(defaults, present, CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION.key(),
        ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION.name());
    // The job's records are immutable, so chained operators may hand them over without a copy.
    putIfAbsent(defaults, present, PipelineOptions.OBJECT_REUSE.key(), "true");
    if (local) {
      putIfAbsent(defaults, present, CheckpointingOptions.CHECKPOINTS_DIRECTORY.key(),
          Path.of(System.getProperty("java.io.tmpdir"), "recsys-stream", "checkpoints").toUri().toString());
      putIfAbsent(defaults, present, "parallelism.default", "1");
    }
    return defaults;
  }

  private static void putIfAbsent(Configuration config, Map<String, String> present, String key, String value) {
    if (!present.containsKey(key)) {
      config.setString(key, value);
    }
  }
}
