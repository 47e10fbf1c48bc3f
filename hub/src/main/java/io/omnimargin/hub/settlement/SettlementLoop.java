package io.omnimargin.hub.settlement;

import io.omnimargin.hub.port.MarginInputs;
import io.omnimargin.margin.engine.EngineInput;
import io.omnimargin.margin.risk.CollateralKey;
import io.omnimargin.settlement.attest.RouteHealthEvent;
import io.omnimargin.settlement.credit.ProvenBalance;
import io.omnimargin.settlement.credit.StepReport;
import java.lang.System.Logger.Level;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * One pass of settlement over every source chain, run on a timer: expire unproven fronts, step each
 * chain's settler, and tell the desks which vault events were applied. Proven balances become the
 * margin engine's collateral lines; route health becomes its route input.
 */
public final class SettlementLoop {
  private static final System.Logger LOG = System.getLogger(SettlementLoop.class.getName());

  private final Map<Long, SettlementChain> chains;
  private final CollateralTokens tokens;
  private final FrontDesk fronts;
  private final MarginInputs inputs;
  private final List<BiConsumer<String, Long>> appliedListeners = new CopyOnWriteArrayList<>();

  public SettlementLoop(
      Map<Long, SettlementChain> chains,
      CollateralTokens tokens,
      FrontDesk fronts,
      MarginInputs inputs) {
    this.chains = chains;
    this.tokens = tokens;
    this.fronts = fronts;
    this.inputs = inputs;
  }

  /** Hears every applied vault event's key with its chain (withdrawal and seizure desks). */
  public void onApplied(BiConsumer<String, Long> listener) {
    appliedListeners.add(listener);
  }

  /** One pass: a chain whose step fails is retried on the next pass; the others go on. */
  public void stepAll() {
    fronts.expire();
    for (SettlementChain chain : chains.values()) {
      String before = chain.lastError().orElse(null);
      try {
        StepReport report = chain.step();
        report
            .applied()
            .forEach(key -> appliedListeners.forEach(l -> l.accept(key, chain.chainId())));
        if (!report.refused().isEmpty()) {
          LOG.log(
              Level.WARNING,
              "Settlement chain " + chain.chainId() + " refused " + report.refused());
        }
      } catch (RuntimeException e) {
        String reason = String.valueOf(e.getMessage());
        if (!reason.equals(before)) {
          LOG.log(
              Level.WARNING,
              "Settlement chain " + chain.chainId() + " step failed (retrying): " + reason);
        }
      }
    }
  }

  /**
   * A proven balance becomes the ledger line of the asset the token stands for: the proven amount
   * plus what solvers have fronted to the account and is not yet proven.
   */
  public void proven(ProvenBalance b) {
    Optional<CollateralKey> key = tokens.key(b.chainId(), b.token());
    if (key.isEmpty()) {
      LOG.log(
          Level.WARNING,
          "Settlement: token "
              + b.token()
              + " on chain "
              + b.chainId()
              + " is not collateral; "
              + b.amount()
              + " stays on chain uncounted");
      return;
    }
    b.settles().forEach(fronts::proven);
    BigInteger line = b.amount().add(fronts.outstanding(b.chainId(), b.account(), b.token()));
    inputs.apply(new EngineInput.CollateralBalance(b.account(), key.get(), line, b.cause()));
    LOG.log(
        Level.INFO,
        "Settlement: "
            + b.account()
            + " holds "
            + line
            + " base units of "
            + key.get().asset()
            + " on chain "
            + b.chainId()
            + " ("
            + b.cause()
            + ")");
  }

  /** The adapters of a route agree again, or stopped agreeing: the engine's {@code m} follows. */
  public void routeHealth(RouteHealthEvent event) {
    if (event.live()) {
      LOG.log(Level.INFO, "Route " + event.chainId() + " live again: " + event.reason());
    } else {
      LOG.log(Level.ERROR, "Route " + event.chainId() + " NOT LIVE: " + event.reason());
    }
    inputs.offer(new EngineInput.RouteHealth(event.chainId(), event.live(), event.reason()));
  }

  /** Every chain, by id, for the status view. */
  public List<SettlementChain> chains() {
    List<SettlementChain> sorted = new ArrayList<>(chains.values());
    sorted.sort(Comparator.comparingLong(SettlementChain::chainId));
    return sorted;
  }
}
