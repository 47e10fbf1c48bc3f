package io.omnimargin.margin.contagion;

import io.omnimargin.margin.Owners;
import io.omnimargin.margin.clearing.ClearingParameters;
import io.omnimargin.margin.engine.MarginEngine;
import io.omnimargin.margin.engine.MarginEvent;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.ledger.InMemoryLedgerStore;
import io.omnimargin.margin.valuation.Price;
import io.omnimargin.margin.valuation.Valuator;
import io.omnimargin.margin.valuation.WorkedExample;
import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** A real engine on the worked example's configuration, with portfolios set up by hand. */
final class Ledgers {
  final List<MarginEvent> events = new ArrayList<>();
  final InMemoryLedgerStore store = new InMemoryLedgerStore();
  final Valuator valuator = new Valuator(WorkedExample.config());
  final MarginEngine engine =
      new MarginEngine(valuator, () -> WorkedExample.NOW, events::add, store);

  Ledgers prices(String eth) {
    engine.onPrice("ETH", new Price(Wad.of(eth), WorkedExample.NOW));
    engine.onPrice("USDC", new Price(Wad.ONE, WorkedExample.NOW));
    return this;
  }

  /** {@code eth} ETH on Ethereum, {@code usdc} USDC on Arbitrum, {@code size} ETH-PERP at entry. */
  Address account(String name, String eth, String usdc, String size, String entry) {
    Address owner = Owners.named(name);
    if (Wad.of(eth).signum() > 0) {
      engine.onCollateral(owner, WorkedExample.ETH, Wad.of(eth), "deposit");
    }
    if (Wad.of(usdc).signum() > 0) {
      engine.onCollateral(
          owner, WorkedExample.USDC, Wad.of(usdc).divide(BigInteger.TEN.pow(12)), "deposit");
    }
    if (Wad.of(size).signum() != 0) {
      engine.onFill(owner, "ETH-PERP", Wad.of(size), Wad.of(entry), Owners.intent(name));
    }
    return owner;
  }

  /** The insurance fund holding {@code usdc} on Arbitrum. */
  void fund(String usdc) {
    engine.onCollateral(
        ClearingParameters.INSURANCE_FUND,
        WorkedExample.USDC,
        Wad.of(usdc).divide(BigInteger.TEN.pow(12)),
        "seed");
  }

  RiskMonitor monitor(List<StressScenario> scheduled, ConcentrationLimit limit) {
    return new RiskMonitor(
        engine,
        valuator,
        new RiskMonitor.Settings(scheduled, limit, 1000),
        new ReturnSeries(60, 100),
        () -> WorkedExample.NOW);
  }
}
