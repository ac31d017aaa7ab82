package dev.recsys.events;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which action types are accepted, and how producers' own names map onto them.
 *
 * <p>Names are compared after trimming and lower-casing, so {@code "Purchase"} is {@code purchase}.
 * An alias maps a producer's name to a known one ({@code addToCart=add-to-cart}); with {@code
 * acceptUnknown} any other non-empty name passes through as written (lower-cased), for
 * deployments that track more kinds of action than the defaults.
 */
public final class ActionTypes {
  /** The actions every deployment understands. */
  public static final List<String> STANDARD =
      List.of("view", "click", "add-to-cart", "remove-from-cart", "purchase", "rating", "like");

  /** The standard actions, no aliases, unknown ones rejected. */
  public static final ActionTypes DEFAULT = new ActionTypes(STANDARD, Map.of(), false);

  private final Set<String> known;
  private final Map<String, String> aliases;
  private final boolean acceptUnknown;

  /**
   * @param known the accepted names
   * @param aliases producer name → known name
   * @param acceptUnknown pass any other name through instead of rejecting it
   */
  public ActionTypes(List<String> known, Map<String, String> aliases, boolean acceptUnknown) {
    Set<String> names = new LinkedHashSet<>();
    for (String name : known) {
      names.add(requireName(name, "action type"));
    }
    Map<String, String> mapped = new LinkedHashMap<>();
    for (Map.Entry<String, String> alias : aliases.entrySet()) {
      String from = requireName(alias.getKey(), "action alias");
      String to = normalise(alias.getValue());
      if (!names.contains(to)) {
        throw new IllegalArgumentException(
            "action alias '" + alias.getKey() + "' maps to '" + alias.getValue()
                + "', which is not a known action type " + names);
      }
      mapped.put(from, to);
    }
    this.known = Collections.unmodifiableSet(names);
    this.aliases = Collections.unmodifiableMap(mapped);
    this.acceptUnknown = acceptUnknown;
  }

  /** The standard actions plus {@code aliases}, unknown ones rejected. */
  public static ActionTypes withAliases(Map<String, String> aliases) {
    return new ActionTypes(STANDARD, aliases, false);
  }

  /** The normalised action for {@code raw}, or {@code null} if it is not accepted. */
  public String resolve(String raw) {
    String name = normalise(raw);
    if (known.contains(name)) {
      return name;
    }
    String alias = aliases.get(name);
    if (alias != null) {
      return alias;
    }
    return acceptUnknown && !name.isEmpty() ? name : null;
  }

  public Set<String> known() {
    return known;
  }

  public Map<String, String> aliases() {
    return aliases;
  }

  public boolean acceptUnknown() {
    return acceptUnknown;
  }

  private static String normalise(String name) {
    return name.strip().toLowerCase(Locale.ROOT);
  }

  private static String requireName(String name, String what) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
    return normalise(name);
  }

  @Override
  public String toString() {
    return "ActionTypes" + known + (aliases.isEmpty() ? "" : " aliases " + aliases)
        + (acceptUnknown ? " (unknown accepted)" : "");
  }
}
