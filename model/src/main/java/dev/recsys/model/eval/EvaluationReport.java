package dev.recsys.model.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A fixed-width terminal table: metrics as rows, one column per scorer and protocol (all sampled
 * columns first, then all full ones), so the two protocols can be read side by side.
 */
public final class EvaluationReport {
  private static final String METRIC_HEADER = "metric";
  private static final int MIN_VALUE_WIDTH = 8;

  private EvaluationReport() {}

  /** Columns: model sampled | popularity sampled | model full | popularity full. */
  public static String table(EvaluationResult model, EvaluationResult popularity) {
    Map<String, EvaluationResult> byName = new LinkedHashMap<>();
    byName.put("model", model);
    byName.put("popularity", popularity);
    return table(byName);
  }

  /**
   * @param byName results in column order, keyed by the name shown in the header
   * @throws IllegalArgumentException if the results are not over the same stage, users and number
   *     of negatives: side-by-side numbers over different users would not be comparable
   */
  public static String table(Map<String, EvaluationResult> byName) {
    if (byName.isEmpty()) {
      throw new IllegalArgumentException("evaluation report: no results");
    }
    EvaluationResult first = byName.values().iterator().next();
    for (Map.Entry<String, EvaluationResult> entry : byName.entrySet()) {
      EvaluationResult result = entry.getValue();
      if (result.stage() != first.stage() || result.users() != first.users()
          || result.negatives() != first.negatives()) {
        throw new IllegalArgumentException(
            "evaluation report: '" + entry.getKey() + "' is " + describe(result)
                + " but the first result is " + describe(first));
      }
    }
    List<String> headers = new ArrayList<>();
    List<Map<String, Double>> columns = new ArrayList<>();
    byName.forEach((name, result) -> {
      headers.add(name + " sampled");
      columns.add(result.sampled());
    });
    byName.forEach((name, result) -> {
      headers.add(name + " full");
      columns.add(result.full());
    });

    List<String> metrics = new ArrayList<>(first.sampled().keySet());
    int metricWidth = METRIC_HEADER.length();
    for (String metric : metrics) {
      metricWidth = Math.max(metricWidth, metric.length());
    }
    StringBuilder out = new StringBuilder();
    out.append(describe(first)).append('\n');
    out.append(pad(METRIC_HEADER, metricWidth, false));
    for (String header : headers) {
      out.append("  ").append(pad(header, width(header), true));
    }
    out.append('\n');
    for (String metric : metrics) {
      out.append(pad(metric, metricWidth, false));
      for (int c = 0; c < columns.size(); c++) {
        Double value = columns.get(c).get(metric);
        String text = value == null ? "-" : String.format(Locale.ROOT, "%.4f", value);
        out.append("  ").append(pad(text, width(headers.get(c)), true));
      }
      out.append('\n');
    }
    return out.toString();
  }

  private static String describe(EvaluationResult result) {
    return result.stage() + " stage, " + result.users() + " users, "
        + result.negatives() + " sampled negatives";
  }

  private static int width(String header) {
    return Math.max(header.length(), MIN_VALUE_WIDTH);
  }

  private static String pad(String text, int width, boolean right) {
    String fill = " ".repeat(Math.max(0, width - text.length()));
    return right ? fill + text : text + fill;
  }
}
