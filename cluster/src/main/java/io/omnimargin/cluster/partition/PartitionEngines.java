package io.omnimargin.cluster.partition;

import io.omnimargin.margin.clearing.ClearingParameters;
import io.omnimargin.margin.engine.MarginEngine;
import io.omnimargin.margin.ledger.LedgerStore;
import io.omnimargin.margin.risk.RiskConfig;
import io.omnimargin.margin.valuation.Valuator;
import java.util.function.LongSupplier;

/**
 * Opens the margin engine a partition's owner values and checks its accounts with. The engine must
 * load its accounts from, and save them to, the ledger it is given: that is how a step's changes
 * become the step's commit. Whoever opens engines also feeds them prices and route health (every
 * replica applies the broadcast inputs) and hears their events (calls, liquidations).
 */
@FunctionalInterface
public interface PartitionEngines {

  /**
   * An engine for partition p, with {@code clearing} as its clearing terms: the system accounts in
   * it are p's shards ({@link SystemShards#clearing}), so that fees, residues, payouts and
   * penalties stay on p and its shards are never valued as traders.
   */
  MarginEngine open(int partition, ClearingParameters clearing, LedgerStore ledger);

  /**
   * As {@link #open(int, ClearingParameters, LedgerStore)}, the engine numbering its liquidations
   * after {@code liquidationsAfter} before it values anything: an engine that sees a price while it
   * opens may start a liquidation at once, and its id must be this owner's own. A factory that
   * feeds prices as it opens must number first; this default numbers after.
   */
  default MarginEngine open(
      int partition, ClearingParameters clearing, LedgerStore ledger, long liquidationsAfter) {
    MarginEngine engine = open(partition, clearing, ledger);
    engine.numberLiquidationsAfter(liquidationsAfter);
    return engine;
  }

  /**
   * Engines with the default risk configuration, no inputs and no listener, timed by {@code
   * nowSeconds}: without prices they book legs but refuse to reserve ({@code stale-price}).
   */
  static PartitionEngines unpriced(LongSupplier nowSeconds) {
    return (partition, clearing, ledger) ->
        new MarginEngine(
            new Valuator(RiskConfig.defaults()), nowSeconds, event -> {}, ledger, clearing);
  }
}
