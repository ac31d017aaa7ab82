package dev.recsys.store.serve;

import dev.recsys.events.UserActionParser;
import dev.recsys.store.feed.TopicFeed;
import dev.recsys.store.kv.KeyValueStore;
import dev.recsys.store.kv.RocksDbStore;
import dev.recsys.store.kv.StoreException;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live feature store: one RocksDB store in {@link ServeSettings#storeDir()}, filled by three
 * feeds (user actions into sequences and the vocabulary, recommendations, model announcements),
 * each on its own thread, and read by the HTTP API. The feeds resume from the offsets stored with
 * the data, so a restart neither loses nor repeats a record.
 */
public final class FeatureStoreServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FeatureStoreServer.class);
  public static final String USER_ACTIONS_FEED = "user-actions";
  public static final String RECOMMENDATIONS_FEED = "recommendations";
  public static final String MODEL_UPDATES_FEED = "model-updates";
  private static final String STORE_NAME = "serving";

  private final KeyValueStore kv;
  private final List<FeedRunner> feeds;
  private final HttpApi http;
  private final AtomicBoolean closed = new AtomicBoolean();

  private FeatureStoreServer(KeyValueStore kv, List<FeedRunner> feeds, HttpApi http) {
    this.kv = kv;
    this.feeds = feeds;
    this.http = http;
  }

  /**
   * Opens the store, starts the HTTP API, then the feeds. Returns once the API answers; the feeds
   * catch up in the background ({@code /healthz} shows their lag).
   *
   * @throws IOException when the store cannot be opened (another process holds it, say) or the port
   *     is taken
   */
  public static FeatureStoreServer start(ServeSettings settings) throws IOException {
    RocksDbStore kv;
    try {
      kv = RocksDbStore.open(STORE_NAME, settings.storeDir());
    } catch (StoreException e) {
      // Most often a second `recsys serve` on the same directory: a user's error, not a bug.
      throw new IOException(e.getMessage() + " (is another process using it?)", e);
    }
    List<FeedRunner> feeds = new ArrayList<>();
    HttpApi http = null;
    try {
      ServingStores stores = ServingStores.over(kv);
      ServeMetrics metrics = new ServeMetrics();
      UserActionParser parser = UserActionParser.withDefaults();
      feeds.add(feed(settings, kv, metrics, USER_ACTIONS_FEED, settings.userActionsTopic(),
          tally -> new UserActionsApplier(parser, stores.vocabulary(), stores.sequences(), tally)));
      feeds.add(feed(settings, kv, metrics, RECOMMENDATIONS_FEED, settings.recommendationsTopic(),
          tally -> new RecommendationsApplier(stores.recommendations(), stores.models(), tally)));
      feeds.add(feed(settings, kv, metrics, MODEL_UPDATES_FEED, settings.modelUpdatesTopic(),
          tally -> new ModelUpdatesApplier(stores.models(), tally)));
      List<FeedRunner> running = List.copyOf(feeds);
      ServeHandler handler = new ServeHandler(stores, () -> running.stream().map(FeedRunner::status).toList(), metrics,
          settings.historyDefault(), settings.historyMax());
      http = HttpApi.start(settings, handler);
      running.forEach(FeedRunner::start);
      FeatureStoreServer server = new FeatureStoreServer(kv, running, http);
      LOG.info("serving {} at {} from {}", String.join(", ", settings.userActionsTopic(), settings.recommendationsTopic(),
          settings.modelUpdatesTopic()), server.baseUri(), settings.storeDir());
      return server;
    } catch (IOException | RuntimeException e) {
      if (http != null) {
        http.close();
      }
      feeds.forEach(FeedRunner::close);
      kv.close();
      throw e;
    }
  }

  private static FeedRunner feed(ServeSettings settings, KeyValueStore kv, ServeMetrics metrics, String name, String topic,
      Function<FeedTally, TopicFeed.RecordHandler> handler) {
    FeedTally tally = new FeedTally(name, metrics);
    TopicFeed.RecordHandler apply = handler.apply(tally);
    return new FeedRunner(topic, () -> PolledFeed.of(new TopicFeed(name, settings.kafka(), topic, kv, apply)), tally,
        metrics);
  }

  public int port() {
    return http.port();
  }

  public URI baseUri() {
    return http.baseUri();
  }

  /** Each feed's state, lag and counts, as {@code /healthz} reports them. */
  public List<FeedStatus> feeds() {
    return feeds.stream().map(FeedRunner::status).toList();
  }

  /** Stops the HTTP API, then the feeds (each after its current poll), then closes the store. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      http.close();
    } finally {
      try {
        feeds.forEach(FeedRunner::requestStop);
        feeds.forEach(FeedRunner::close);
      } finally {
        kv.close();
      }
    }
  }
}
