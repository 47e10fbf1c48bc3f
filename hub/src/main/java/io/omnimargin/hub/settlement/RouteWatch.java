package io.omnimargin.hub.settlement;

import io.omnimargin.hub.port.MarginInputs;
import io.omnimargin.margin.engine.EngineInput;
import io.omnimargin.margin.risk.RiskConfig;
import io.omnimargin.margin.risk.Route;
import io.omnimargin.margin.risk.adaptive.RouteExpectations;
import io.omnimargin.margin.risk.adaptive.RouteMonitor;
import io.omnimargin.margin.risk.adaptive.RouteScore;
import io.omnimargin.margin.risk.adaptive.RouteScoring;
import io.omnimargin.settlement.attest.RouteObserver;
import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Bridge health of every route: settlement's observations go to each route's {@link RouteMonitor};
 * {@link #scoreAll} (on every settlement pass) scores them and sends the engine each route whose
 * {@code m}, phased-in {@code m} or latency changed. A route that is down is the engine's {@code
 * RouteHealth} input's business ({@code m = 0} at once); the score resumes when it is live again.
 */
public final class RouteWatch implements RouteObserver {
  private final Map<Long, RouteMonitor> monitors = new TreeMap<>();
  private final Map<Long, RouteScore> sent = new ConcurrentHashMap<>();
  private final LongSupplier now;
  private final MarginInputs inputs;

  public RouteWatch(
      RiskConfig risk,
      Map<Long, RouteExpectations> expectations,
      RouteScoring scoring,
      LongSupplier now,
      MarginInputs inputs) {
    this.now = now;
    this.inputs = inputs;
    for (Route route : risk.routes()) {
      RouteExpectations e = expectations.getOrDefault(route.chainId(), defaults(route));
      monitors.put(route.chainId(), new RouteMonitor(route, e, scoring));
    }
  }

  /** A route's expectations when none are configured: a 12 s block, finality within L_route. */
  public static RouteExpectations defaults(Route route) {
    return new RouteExpectations(12_000, Math.max(1, route.latencySeconds()), BigInteger.ZERO);
  }

  @Override
  public void finalBlock(long chainId, long number, long timestamp, BigInteger baseFeeWei) {
    monitor(chainId).ifPresent(m -> m.finalBlock(number, timestamp, baseFeeWei, now.getAsLong()));
  }

  @Override
  public void disagreement(long chainId, long number) {
    monitor(chainId).ifPresent(m -> m.disagreement(now.getAsLong()));
  }

  @Override
  public void reorg(long chainId, long number) {
    monitor(chainId).ifPresent(m -> m.reorg(now.getAsLong()));
  }

  @Override
  public void credited(long chainId, long depositBlockTime) {
    monitor(chainId).ifPresent(m -> m.credited(depositBlockTime, now.getAsLong()));
  }

  /** Scores every route and sends the engine those that changed; answers how many were sent. */
  public int scoreAll() {
    int changed = 0;
    for (RouteMonitor monitor : monitors.values()) {
      RouteScore score = monitor.score(now.getAsLong());
      RouteScore before = sent.get(score.chainId());
      if (before == null
          || !before.discount().equals(score.discount())
          || !before.maintenanceDiscount().equals(score.maintenanceDiscount())
          || before.latencySeconds() != score.latencySeconds()
          || !before.explanation().equals(score.explanation())) {
        sent.put(score.chainId(), score);
        inputs.offer(
            new EngineInput.RouteRisk(
                score.chainId(),
                score.discount(),
                score.maintenanceDiscount(),
                score.latencySeconds(),
                score.explanation()));
        changed++;
      }
    }
    return changed;
  }

  /** The route's score now (for views); empty for a chain without a route. */
  public Optional<RouteScore> score(long chainId) {
    return monitor(chainId).map(m -> m.score(now.getAsLong()));
  }

  private Optional<RouteMonitor> monitor(long chainId) {
    return Optional.ofNullable(monitors.get(chainId));
  }
}
