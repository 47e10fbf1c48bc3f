package io.omnimargin.margin.contagion;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Correlations of collateral assets (rows) with position assets (columns), from {@link
 * ReturnSeries}: a risk estimate in {@code double}; null where there are too few common returns.
 */
public record CorrelationMatrix(
    List<String> rows, List<String> columns, List<List<Double>> values, long bucketSeconds) {
  public CorrelationMatrix {
    rows = List.copyOf(rows);
    columns = List.copyOf(columns);
    List<List<Double>> copy = new ArrayList<>();
    for (List<Double> row : values) {
      copy.add(Collections.unmodifiableList(new ArrayList<>(row))); // nulls allowed
    }
    values = Collections.unmodifiableList(copy);
  }
}
