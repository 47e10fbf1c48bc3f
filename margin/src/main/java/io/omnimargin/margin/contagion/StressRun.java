package io.omnimargin.margin.contagion;

import java.util.List;

/**
 * One stress run: when (the hub's clock, unix seconds), over how many accounts, how long it took
 * (wall clock, for people) and each scenario's result in the order asked.
 */
public record StressRun(long at, int accounts, long elapsedMillis, List<ScenarioResult> results) {
  public StressRun {
    results = List.copyOf(results);
  }
}
