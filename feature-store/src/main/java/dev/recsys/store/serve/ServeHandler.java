package dev.recsys.store.serve;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.recsys.events.EventLimits;
import dev.recsys.events.Recommendation;
import dev.recsys.store.sequence.UserHistory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read-only HTTP API over the serving stores (Jetty's core handler API, no servlets). Every
 * answer is JSON except {@code /metrics}; every error is {@code {"error": ..., "field": ...}}.
 * Requests are answered on the calling Jetty thread: each is a few RocksDB point reads.
 */
public final class ServeHandler extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(ServeHandler.class);
  static final String JSON_TYPE = "application/json";
  static final String USER_ID = "userId";
  /** Absent rather than null: a field that does not apply (no "before", no failure) is left out. */
  private static final ObjectMapper JSON = JsonMapper.builder()
      .defaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
      .build();
  /** The event contract's bound: no longer id can be in the store. */
  private static final int MAX_ID_LENGTH = EventLimits.DEFAULT.maxIdLength();

  private final ServingStores stores;
  private final Supplier<List<FeedStatus>> feeds;
  private final ServeMetrics metrics;
  private final int historyDefault;
  private final int historyMax;

  /**
   * @param feeds the feeds' states, for {@code /healthz}; none (as in a benchmark) is healthy
   */
  public ServeHandler(ServingStores stores, Supplier<List<FeedStatus>> feeds, ServeMetrics metrics,
      int historyDefault, int historyMax) {
    this.stores = Objects.requireNonNull(stores, "stores");
    this.feeds = Objects.requireNonNull(feeds, "feeds");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.historyDefault = historyDefault;
    this.historyMax = historyMax;
  }

  /** What a request gets. {@code allow} is set on 405 only. */
  private record Reply(int status, String contentType, byte[] body, String allow) {}

  record ErrorBody(String error, String field) {}

  record ItemScore(String itemId, double score) {}

  record RecommendationsBody(String userId, List<ItemScore> items, String modelVersion, boolean coldStart,
      long eventTime, long processedAt) {}

  record Event(String itemId, long timestamp) {}

  record HistoryBody(String userId, Long before, int limit, List<Event> items) {}

  record ModelBody(String version, String uri, String sha256, Long announcedAt, String recommendationsModelVersion) {}

  record HealthBody(String status, String reason, List<FeedStatus> feeds) {}

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    Route.Target target = Route.Target.of(request.getHttpURI().getPath());
    Reply reply;
    try {
      reply = answer(request, target);
    } catch (BadRequest e) {
      reply = error(400, e.getMessage(), e.field());
    } catch (RuntimeException e) {
      LOG.error("{} {} failed", request.getMethod(), target.route().label, e);
      reply = error(500, "internal error; the server log has the details", null);
    }
    response.setStatus(reply.status());
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, reply.contentType());
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, reply.body().length);
    if (reply.allow() != null) {
      response.getHeaders().put(HttpHeader.ALLOW, reply.allow());
    }
    metrics.request(target.route().label, reply.status(), System.nanoTime() - request.getBeginNanoTime());
    response.write(true, ByteBuffer.wrap(reply.body()), callback);
    return true;
  }

  private Reply answer(Request request, Route.Target target) {
    if (target.route() == Route.NOT_FOUND) {
      return error(404, "no such resource: " + QueryParameters.printable(request.getHttpURI().getPath())
          + "; the API has GET /users/{id}/recommendations, /users/{id}/history, /models/current, /healthz, /metrics",
          null);
    }
    if (!HttpMethod.GET.is(request.getMethod())) {
      return new Reply(405, JSON_TYPE, json(new ErrorBody("method " + request.getMethod() + " not allowed; the API is read-only (GET)",
          null)), HttpMethod.GET.asString());
    }
    QueryParameters query = QueryParameters.parse(request.getHttpURI().getQuery(), target.route().parameters);
    return switch (target.route()) {
      case RECOMMENDATIONS -> recommendations(userId(target.rawUserId()));
      case HISTORY -> history(userId(target.rawUserId()), query);
      case MODEL -> model();
      case HEALTH -> health();
      case METRICS -> new Reply(200, metrics.contentType(), metrics.scrape(), null);
      case NOT_FOUND -> throw new IllegalStateException("handled above");
    };
  }

  private static String userId(String raw) {
    String id = PercentDecoding.pathSegment(raw, USER_ID);
    if (id.isEmpty()) {
      throw new BadRequest(USER_ID, USER_ID + ": is empty");
    }
    int length = id.codePointCount(0, id.length());
    if (length > MAX_ID_LENGTH) {
      throw new BadRequest(USER_ID, USER_ID + ": " + length + " characters, the limit is " + MAX_ID_LENGTH);
    }
    return id;
  }

  private Reply recommendations(String userId) {
    Optional<Recommendation> latest = stores.recommendations().latest(userId);
    if (latest.isEmpty()) {
      return unknownUser(userId, "has no recommendations");
    }
    Recommendation r = latest.get();
    List<ItemScore> items = r.items().stream().map(i -> new ItemScore(i.itemId(), i.score())).toList();
    return ok(new RecommendationsBody(r.userId(), items, r.modelVersion(), r.coldStart(), r.eventTime(), r.processedAt()));
  }

  private Reply history(String userId, QueryParameters query) {
    int limit = query.intValue(Route.LIMIT, 1, historyMax, historyDefault);
    Long before = query.longValue(Route.BEFORE, 0);
    UserHistory history = before == null ? stores.sequences().last(userId, limit)
        : stores.sequences().lastBefore(userId, before, limit);
    if (history.size() == 0 && (before == null || stores.sequences().last(userId, 1).size() == 0)) {
      return unknownUser(userId, "has no history");
    }
    List<Event> events = new ArrayList<>(history.size());
    for (int i = 0; i < history.size(); i++) {
      events.add(new Event(stores.vocabulary().idOf(history.items()[i]), history.timestamps()[i]));
    }
    return ok(new HistoryBody(userId, before, limit, events));
  }

  private Reply model() {
    Optional<ModelAnnouncement> announced = stores.models().latest();
    Optional<String> recommendedWith = stores.models().recommendedVersion();
    if (announced.isEmpty() && recommendedWith.isEmpty()) {
      return error(404, "no model announced and no recommendation seen yet", null);
    }
    return ok(new ModelBody(
        announced.map(a -> a.update().version()).orElse(null),
        announced.map(a -> a.update().uri()).orElse(null),
        announced.map(a -> a.update().sha256()).orElse(null),
        announced.map(ModelAnnouncement::announcedAt).orElse(null),
        recommendedWith.orElse(null)));
  }

  private Reply health() {
    List<FeedStatus> statuses = feeds.get();
    String problems = statuses.stream().filter(s -> !s.healthy())
        .map(s -> "feed " + s.feed() + " (" + s.topic() + ") " + s.state().name().toLowerCase(java.util.Locale.ROOT)
            + (s.failure() == null ? "" : ": " + s.failure()))
        .collect(Collectors.joining("; "));
    if (problems.isEmpty()) {
      return ok(new HealthBody("ok", null, statuses));
    }
    return new Reply(503, JSON_TYPE, json(new HealthBody("unhealthy", problems, statuses)), null);
  }

  private static Reply unknownUser(String userId, String what) {
    return error(404, "user '" + QueryParameters.printable(userId) + "' " + what, USER_ID);
  }

  private static Reply ok(Object body) {
    return new Reply(200, JSON_TYPE, json(body), null);
  }

  private static Reply error(int status, String message, String field) {
    return new Reply(status, JSON_TYPE, json(new ErrorBody(message, field)), null);
  }

  static byte[] json(Object body) {
    try {
      return JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + body.getClass().getSimpleName() + " as JSON", e);
    }
  }
}
