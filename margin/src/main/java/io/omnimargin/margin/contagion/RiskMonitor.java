package io.omnimargin.margin.contagion;

import io.omnimargin.margin.engine.AccountSnapshot;
import io.omnimargin.margin.engine.MarginEngine;
import io.omnimargin.margin.engine.ValuedAccount;
import io.omnimargin.margin.risk.CollateralRisk;
import io.omnimargin.margin.risk.MarketSpec;
import io.omnimargin.margin.valuation.Valuator;
import io.omnimargin.protocol.types.Address;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * The contagion monitor over the live ledger ({@link Accounts}: the engine's own accounts, or those
 * a partitioned ledger stores): measures exposure and runs the scheduled scenarios ({@link
 * #refresh}, on a timer the service owns), runs scenarios on demand ({@link #stress}), keeps the
 * return series the correlations come from, and answers the concentration cap. Reads the engine and
 * the accounts, never writes to them.
 */
public final class RiskMonitor {
  /**
   * The accounts the monitor reads: the engine's own (one process, or the single writer), or those
   * a partitioned ledger stores, valued at the engine's prices.
   */
  public interface Accounts {
    /** Every account with its totals now: one consistent picture where the source has one. */
    List<ValuedAccount> valuedAccounts();

    /** One account as it stands now. */
    AccountSnapshot snapshot(Address owner);

    /** The engine's own accounts. */
    static Accounts of(MarginEngine engine) {
      return new Accounts() {
        @Override
        public List<ValuedAccount> valuedAccounts() {
          return engine.valuedAccounts();
        }

        @Override
        public AccountSnapshot snapshot(Address owner) {
          return engine.snapshot(owner);
        }
      };
    }
  }

  /**
   * @param scheduled the scenarios every refresh runs
   * @param limit the route concentration cap
   * @param listLimit addresses listed per scenario at most
   */
  public record Settings(List<StressScenario> scheduled, ConcentrationLimit limit, int listLimit) {
    public Settings {
      scheduled = List.copyOf(scheduled);
    }
  }

  /** The latest refresh: exposure and the scheduled scenarios' results, from one ledger copy. */
  public record Latest(ExposureReport exposure, StressRun stress) {}

  private final MarginEngine engine;
  private final Accounts accounts;
  private final Valuator valuator;
  private final Settings settings;
  private final LongSupplier now;
  private final ExposureMonitor exposure;
  private final StressEngine stress;
  private final ReturnSeries returns;
  private volatile Latest latest;

  /** A monitor of the engine's own accounts. */
  public RiskMonitor(
      MarginEngine engine,
      Valuator valuator,
      Settings settings,
      ReturnSeries returns,
      LongSupplier now) {
    this(engine, Accounts.of(engine), valuator, settings, returns, now);
  }

  /**
   * @param engine the markets: prices, routes and clearing terms
   * @param accounts the accounts it measures
   */
  public RiskMonitor(
      MarginEngine engine,
      Accounts accounts,
      Valuator valuator,
      Settings settings,
      ReturnSeries returns,
      LongSupplier now) {
    this.engine = engine;
    this.accounts = accounts;
    this.valuator = valuator;
    this.settings = settings;
    this.now = now;
    this.returns = returns;
    this.exposure = new ExposureMonitor(valuator);
    this.stress = new StressEngine(valuator, engine.clearing(), settings.listLimit());
  }

  public Settings settings() {
    return settings;
  }

  /** Measures exposure and runs the scheduled scenarios over one copy of the ledger. */
  public Latest refresh() {
    MarketSnapshot market = MarketSnapshot.of(engine, valuator.config());
    List<ValuedAccount> ledger = accounts.valuedAccounts();
    long at = now.getAsLong();
    Latest next =
        new Latest(
            exposure.measure(ledger, market, at),
            stress.run(ledger, market, settings.scheduled(), at));
    latest = next;
    return next;
  }

  /** The latest refresh, if one ran. */
  public Optional<Latest> latest() {
    return Optional.ofNullable(latest);
  }

  /** Runs {@code scenarios} now over the live ledger; nothing is kept or changed. */
  public StressRun stress(List<StressScenario> scenarios) {
    MarketSnapshot market = MarketSnapshot.of(engine, valuator.config());
    return stress.run(accounts.valuedAccounts(), market, scenarios, now.getAsLong());
  }

  /** Feeds the return series with the engine's current price of {@code asset}. */
  public void priceChanged(String asset) {
    engine.price(asset).ifPresent(p -> returns.record(asset, p.usd(), p.publishTime()));
  }

  /** Correlations of the collateral assets with the assets positions follow. */
  public CorrelationMatrix correlations() {
    return returns.matrix(
        valuator.config().table().stream().map(CollateralRisk::asset).collect(Collectors.toSet()),
        valuator.config().markets().stream()
            .map(MarketSpec::baseAsset)
            .collect(Collectors.toSet()));
  }

  /** The account's dependence on each route, now. */
  public AccountDependence dependence(Address owner) {
    return AccountDependence.of(accounts.snapshot(owner).value());
  }

  /** A route past its cap that the account depends on, by the latest measurement. */
  public Optional<ConcentrationLimit.Breach> concentration(Address owner) {
    Latest l = latest;
    if (l == null || !settings.limit().anyOver(l.exposure())) {
      return Optional.empty(); // the common case decides without valuing the account
    }
    return settings.limit().check(l.exposure(), dependence(owner));
  }
}
