package io.omnimargin.margin.contagion;

import io.omnimargin.margin.account.Account;
import io.omnimargin.margin.account.Position;
import io.omnimargin.margin.clearing.ClearingParameters;
import io.omnimargin.margin.engine.ValuedAccount;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.valuation.MarketData;
import io.omnimargin.margin.valuation.Price;
import io.omnimargin.margin.valuation.Totals;
import io.omnimargin.margin.valuation.Valuator;
import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Runs scenarios over a copy of the ledger and changes nothing. Per scenario and account: an
 * account exposed to none of the scenario's shocked assets or downed routes keeps the totals the
 * engine had cached; any other is valued again by the engine's own {@link Valuator} against the
 * shocked market, after a {@link Screen} in double has passed over those clearly healthy. Accounts
 * are split in chunks valued in parallel; each chunk evaluates every scenario, so the ledger is
 * walked once. The model (docs/risk-monitoring.md): an account with {@code AV_m' < MMR'} is
 * liquidated; its positions are placed at the shocked marks; its deficit {@code max(0, −AV_m')} is
 * paid by the insurance fund down to its floor, and what is left reaches auto-deleverage. Penalties
 * (which add to the fund) and solvers paying more than the bankruptcy price are left out: both
 * would only lower the drawdown.
 */
public final class StressEngine {
  private static final int CHUNK = 8192;

  private final Valuator valuator;
  private final ClearingParameters clearing;
  private final int listLimit;
  private final Exposures index;

  /**
   * @param listLimit how many addresses a scenario's result lists at most (the count is exact)
   */
  public StressEngine(Valuator valuator, ClearingParameters clearing, int listLimit) {
    this.valuator = valuator;
    this.clearing = clearing;
    this.listLimit = listLimit;
    this.index = new Exposures(valuator.config());
  }

  /** Runs {@code scenarios} over {@code ledger} against {@code base} shocked per scenario. */
  public StressRun run(
      List<ValuedAccount> ledger, MarketSnapshot base, List<StressScenario> scenarios, long now) {
    long started = System.nanoTime();
    Screen screen = new Screen(valuator, base, index, now);
    Prepared[] prepared = new Prepared[scenarios.size()];
    for (int i = 0; i < prepared.length; i++) {
      prepared[i] = prepare(scenarios.get(i), base, screen);
    }
    int chunks = (ledger.size() + CHUNK - 1) / CHUNK;
    Partial[] sums =
        IntStream.range(0, chunks)
            .parallel()
            .mapToObj(c -> chunk(ledger, c * CHUNK, prepared, screen.new Terms(), now))
            .reduce(this::merge)
            .orElseGet(() -> empty(prepared.length));
    List<ScenarioResult> results = new ArrayList<>(prepared.length);
    ValuedAccount fund = fund(ledger);
    for (int i = 0; i < prepared.length; i++) {
      results.add(result(scenarios.get(i), sums[i], fund, prepared[i].market(), now));
    }
    long elapsed = (System.nanoTime() - started) / 1_000_000;
    return new StressRun(now, ledger.size(), elapsed, results);
  }

  private Prepared prepare(StressScenario s, MarketSnapshot base, Screen screen) {
    MarketSnapshot market = base.shocked(s);
    long down = 0;
    for (long chain : market.routesDown()) {
      down |= index.chainBit(chain);
    }
    return new Prepared(
        market,
        index.assetMask(s.priceShocks().keySet()),
        index.chainMask(s.routesDown()),
        screen.prices(market),
        down);
  }

  /**
   * @param assetMask the assets the scenario shocks
   * @param chainMask the routes it takes down
   * @param prices its prices by asset index, for the screen
   * @param down every route down in it (already down, or taken down), for the screen
   */
  private record Prepared(
      MarketSnapshot market, long assetMask, long chainMask, double[] prices, long down) {}

  /** One scenario's running sums over a range of accounts. */
  private static final class Partial {
    long count;
    final List<Address> listed = new ArrayList<>();
    BigInteger notional = BigInteger.ZERO;
    BigInteger deficit = BigInteger.ZERO;
  }

  /**
   * One chunk of accounts through every scenario. An account the scenario does not touch keeps its
   * totals; one it touches is screened, and valued exactly unless clearly healthy.
   */
  private Partial[] chunk(
      List<ValuedAccount> ledger, int from, Prepared[] prepared, Screen.Terms terms, long now) {
    Partial[] sums = empty(prepared.length);
    int to = Math.min(ledger.size(), from + CHUNK);
    for (int i = from; i < to; i++) {
      ValuedAccount v = ledger.get(i);
      if (v.system()) {
        continue;
      }
      Account account = v.account();
      long assets = index.assetMask(account);
      long chains = index.chainMask(account);
      boolean compiled = false;
      for (int k = 0; k < prepared.length; k++) {
        Prepared p = prepared[k];
        Totals t = v.totals();
        if ((assets & p.assetMask()) != 0 || (chains & p.chainMask()) != 0) {
          if (!compiled) {
            terms.of(account);
            compiled = true;
          }
          if (terms.clearlyHealthy(p.prices(), p.down())) {
            continue;
          }
          t = valuator.totals(account, p.market(), now);
        }
        if (t.avMaintenance().compareTo(t.mmr()) < 0) {
          add(sums[k], account, t, p.market());
        }
      }
    }
    return sums;
  }

  private void add(Partial sum, Account account, Totals t, MarketData market) {
    sum.count++;
    if (sum.listed.size() < listLimit) {
      sum.listed.add(account.owner());
    }
    sum.notional = sum.notional.add(notional(account, market));
    if (t.avMaintenance().signum() < 0) {
      sum.deficit = sum.deficit.subtract(t.avMaintenance());
    }
  }

  /** {@code Σ |s|·P} at {@code market}'s marks, rounded up per position as the valuator does. */
  BigInteger notional(Account account, MarketData market) {
    BigInteger total = BigInteger.ZERO;
    for (Position p : account.positions().values()) {
      String base = valuator.config().market(p.market()).orElseThrow().baseAsset();
      BigInteger mark = market.price(base).map(Price::usd).orElse(p.entryPrice());
      total = total.add(Wad.mulUp(p.size().abs(), mark));
    }
    return total;
  }

  private Partial[] merge(Partial[] a, Partial[] b) {
    for (int k = 0; k < a.length; k++) {
      a[k].count += b[k].count;
      for (var owner : b[k].listed) {
        if (a[k].listed.size() < listLimit) {
          a[k].listed.add(owner);
        }
      }
      a[k].notional = a[k].notional.add(b[k].notional);
      a[k].deficit = a[k].deficit.add(b[k].deficit);
    }
    return a;
  }

  private static Partial[] empty(int n) {
    Partial[] sums = new Partial[n];
    for (int k = 0; k < n; k++) {
      sums[k] = new Partial();
    }
    return sums;
  }

  private ValuedAccount fund(List<ValuedAccount> ledger) {
    for (ValuedAccount v : ledger) {
      if (v.system() && v.account().owner().equals(clearing.insuranceFund())) {
        return v;
      }
    }
    return null;
  }

  private ScenarioResult result(
      StressScenario scenario, Partial sum, ValuedAccount fund, MarketSnapshot market, long now) {
    BigInteger fundValue =
        fund == null
            ? BigInteger.ZERO
            : valuator.totals(fund.account(), market, now).avMaintenance();
    BigInteger available = Wad.clampAtZero(fundValue.subtract(clearing.insuranceFloor()));
    List<Address> listed = new ArrayList<>(sum.listed);
    listed.sort(Comparator.naturalOrder());
    return new ScenarioResult(
        scenario,
        sum.count,
        listed,
        sum.notional,
        sum.deficit,
        available,
        sum.deficit.min(available),
        sum.deficit.compareTo(available) > 0);
  }
}
