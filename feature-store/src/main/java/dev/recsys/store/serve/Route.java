package dev.recsys.store.serve;

import java.util.Set;

/**
 * The API's routes; {@link #label} is the route in metrics (a fixed set, whatever paths clients
 * send) and {@link #parameters} the query parameters it accepts.
 */
enum Route {
  RECOMMENDATIONS("recommendations", Set.of()),
  HISTORY("history", Set.of(Route.LIMIT, Route.BEFORE)),
  MODEL("model", Set.of()),
  HEALTH("healthz", Set.of()),
  METRICS("metrics", Set.of()),
  NOT_FOUND("not-found", Set.of());

  static final String LIMIT = "limit";
  static final String BEFORE = "before";

  final String label;
  final Set<String> parameters;

  Route(String label, Set<String> parameters) {
    this.label = label;
    this.parameters = parameters;
  }

  /**
   * A request path split into its route and, for the per-user routes, the still percent-encoded
   * user id segment.
   */
  record Target(Route route, String rawUserId) {
    static Target of(String rawPath) {
      String[] segments = rawPath == null || !rawPath.startsWith("/") ? new String[0] : rawPath.substring(1).split("/", -1);
      if (segments.length == 1) {
        return switch (segments[0]) {
          case "healthz" -> new Target(HEALTH, null);
          case "metrics" -> new Target(METRICS, null);
          default -> new Target(NOT_FOUND, null);
        };
      }
      if (segments.length == 2 && segments[0].equals("models") && segments[1].equals("current")) {
        return new Target(MODEL, null);
      }
      if (segments.length == 3 && segments[0].equals("users")) {
        return switch (segments[2]) {
          case "recommendations" -> new Target(RECOMMENDATIONS, segments[1]);
          case "history" -> new Target(HISTORY, segments[1]);
          default -> new Target(NOT_FOUND, null);
        };
      }
      return new Target(NOT_FOUND, null);
    }
  }
}
