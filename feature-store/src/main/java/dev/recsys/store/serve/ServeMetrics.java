package dev.recsys.store.serve;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The serving process's Prometheus metrics, in a registry of its own (not the global default, so
 * two servers in one JVM, as in tests, do not share counts).
 */
public final class ServeMetrics {
  /** Reads are RocksDB lookups: most take well under a millisecond, so the buckets start at 50 µs. */
  private static final double[] LATENCY_BUCKETS = {
      0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5};

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
  private final Counter requests = Counter.builder().name("recsys_serve_requests_total")
      .help("HTTP requests answered, by route and status").labelNames("route", "status").register(registry);
  private final Histogram latency = Histogram.builder().name("recsys_serve_request_duration_seconds")
      .help("Time from request headers read to response handed to Jetty, by route").unit(Unit.SECONDS)
      .labelNames("route").classicOnly().classicUpperBounds(LATENCY_BUCKETS).register(registry);
  private final Counter applied = Counter.builder().name("recsys_serve_feed_records_applied_total")
      .help("Records a feed applied to the store").labelNames("feed").register(registry);
  private final Counter rejected = Counter.builder().name("recsys_serve_feed_records_rejected_total")
      .help("Records a feed refused because they break the topic's contract, by reason").labelNames("feed", "reason")
      .register(registry);
  private final Gauge lag = Gauge.builder().name("recsys_serve_feed_lag_records")
      .help("Records on the topic not yet applied to the store (end offsets minus stored offsets)")
      .labelNames("feed").register(registry);
  private final Gauge up = Gauge.builder().name("recsys_serve_feed_up")
      .help("1 while the feed is running, 0 once it has failed or stopped").labelNames("feed").register(registry);

  /** Starts the per-feed series at zero, so they are scraped before the first record arrives. */
  void registerFeed(String feed) {
    applied.initLabelValues(feed);
    lag.initLabelValues(feed);
    up.labelValues(feed).set(1);
  }

  void request(String route, int status, long nanos) {
    requests.labelValues(route, Integer.toString(status)).inc();
    latency.labelValues(route).observe(nanos / 1e9);
  }

  void applied(String feed, long records) {
    applied.labelValues(feed).inc(records);
  }

  void rejected(String feed, String reason, long records) {
    rejected.labelValues(feed, reason).inc(records);
  }

  void lag(String feed, long records) {
    lag.labelValues(feed).set(records);
  }

  void down(String feed) {
    up.labelValues(feed).set(0);
  }

  String contentType() {
    return writer.getContentType();
  }

  /** Every metric in Prometheus' text format. */
  byte[] scrape() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
    try {
      writer.write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e); // writing to memory does no I/O
    }
    return out.toByteArray();
  }
}
