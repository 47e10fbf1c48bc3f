package io.omnimargin.bench;

import io.omnimargin.margin.account.Account;
import io.omnimargin.margin.account.Position;
import io.omnimargin.margin.decision.Decision;
import io.omnimargin.margin.decision.MarginChecker;
import io.omnimargin.margin.decision.ProposedChange;
import io.omnimargin.margin.engine.MarginEngine;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.risk.AssetSpec;
import io.omnimargin.margin.risk.CollateralKey;
import io.omnimargin.margin.risk.CollateralRisk;
import io.omnimargin.margin.risk.MarketSpec;
import io.omnimargin.margin.risk.RiskConfig;
import io.omnimargin.margin.risk.RiskParameters;
import io.omnimargin.margin.risk.Route;
import io.omnimargin.margin.valuation.MarketData;
import io.omnimargin.margin.valuation.Price;
import io.omnimargin.margin.valuation.Valuator;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.protocol.types.OrderId;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The margin engine's two hot paths: the pre-trade check of a large account (40 collateral lines on
 * 10 chains × 4 assets, 20 positions) and a price tick over many accounts, of which 10% hold the
 * ticked asset. Run: see README "Performance".
 */
public class MarginBenchmark {
  private static final Address BIG = Address.parse("0x" + "b1".repeat(20));
  private static final OrderId BENCH_FILL = new OrderId(Bytes32.leftPad(new byte[] {1}));
  private static final OrderId SEED = new OrderId(Bytes32.leftPad(new byte[] {2}));

  static final long NOW = 1_800_000_000L;
  static final String[] ASSETS = {"ETH", "USDC", "SOL", "WBTC"};

  /** 10 chains × 4 assets, 20 markets on those assets. */
  static RiskConfig bigConfig() {
    Map<Long, String> chains = new HashMap<>();
    List<CollateralRisk> table = new ArrayList<>();
    List<Route> routes = new ArrayList<>();
    for (long chain = 1; chain <= 10; chain++) {
      chains.put(chain, "chain-" + chain);
      routes.add(new Route(chain, Wad.of("0.99"), 900));
      for (String asset : ASSETS) {
        table.add(new CollateralRisk(asset, chain, Wad.of("0.05"), Wad.of("0.10")));
      }
    }
    List<MarketSpec> markets = new ArrayList<>();
    for (int m = 0; m < 20; m++) {
      markets.add(new MarketSpec("M" + m + "-PERP", ASSETS[m % 4], Wad.of("0.10"), Wad.of("0.05")));
    }
    List<AssetSpec> assets =
        List.of(
            new AssetSpec("ETH", 18, 0.8, 3600),
            new AssetSpec("USDC", 6, 0.02, 86400),
            new AssetSpec("SOL", 9, 1.2, 3600),
            new AssetSpec("WBTC", 8, 0.7, 3600));
    return new RiskConfig(chains, assets, table, routes, markets, RiskParameters.defaults());
  }

  static Map<String, Price> prices() {
    return Map.of(
        "ETH", new Price(Wad.of("3000"), NOW),
        "USDC", new Price(Wad.of("1"), NOW),
        "SOL", new Price(Wad.of("150"), NOW),
        "WBTC", new Price(Wad.of("90000"), NOW));
  }

  /** A large account checked against an order on one of its markets. */
  @State(Scope.Benchmark)
  public static class CheckState {
    MarginChecker checker;
    Account account;
    ProposedChange order;
    MarketData market;

    @Setup
    public void setUp() {
      Valuator valuator = new Valuator(bigConfig());
      checker = new MarginChecker(valuator);
      Map<String, Price> prices = prices();
      market =
          new MarketData() {
            @Override
            public Optional<Price> price(String asset) {
              return Optional.ofNullable(prices.get(asset));
            }

            @Override
            public boolean routeLive(long chainId) {
              return true;
            }
          };
      Account a = Account.empty(BIG);
      for (long chain = 1; chain <= 10; chain++) {
        for (String asset : ASSETS) {
          a = a.withCollateral(new CollateralKey(chain, asset), BigInteger.TEN.pow(20));
        }
      }
      for (int m = 0; m < 20; m++) {
        a =
            a.withFill(
                "M" + m + "-PERP",
                Wad.of(m % 2 == 0 ? "1" : "-1"),
                prices.get(ASSETS[m % 4]).usd());
      }
      account = a;
      order = new ProposedChange.Order("M0-PERP", true, Wad.of("0.5"), Wad.of("3000"), false);

      // the same account inside an engine, which keeps its totals current as prices move
      engine = new MarginEngine(valuator, () -> NOW, e -> {});
      prices.forEach(engine::onPrice);
      for (Map.Entry<CollateralKey, BigInteger> line : a.collateral().entrySet()) {
        engine.onCollateral(BIG, line.getKey(), line.getValue(), "bench");
      }
      for (Position p : a.positions().values()) {
        engine.onFill(BIG, p.market(), p.size(), p.entryPrice(), BENCH_FILL);
      }
    }

    MarginEngine engine;
  }

  /** The engine's check: the account's totals are current, only the order's line is valued. */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public Decision preTradeCheck(CheckState state) {
    return state.engine.whatIf(BIG, state.order);
  }

  /** The same decision valuing all 60 lines from scratch (what a tick does per exposed account). */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public Decision preTradeCheckFullValuation(CheckState state) {
    return state.checker.check(state.account, state.order, state.market, NOW);
  }

  /** Many accounts; every tenth holds SOL on chain 1, the rest hold USDC only. */
  @State(Scope.Benchmark)
  public static class TickState {
    @Param({"1000000"})
    public int accounts;

    MarginEngine engine;
    final AtomicLong events = new AtomicLong();
    long tick;

    @Setup(Level.Trial)
    public void setUp() {
      engine =
          new MarginEngine(
              new Valuator(RiskConfig.defaults()), () -> NOW, e -> events.incrementAndGet());
      engine.onPrice("USDC", new Price(Wad.ONE, NOW));
      engine.onPrice("SOL", new Price(Wad.of("150"), NOW));
      Runtime rt = Runtime.getRuntime();
      System.gc();
      long before = rt.totalMemory() - rt.freeMemory();
      CollateralKey sol = new CollateralKey(1399811149, "SOL");
      CollateralKey usdc = new CollateralKey(42161, "USDC");
      for (int i = 0; i < accounts; i++) {
        Address owner = Address.parse(String.format("0x%040x", 0x10000000L + i));
        if (i % 10 == 0) {
          engine.onCollateral(
              owner, sol, BigInteger.valueOf(10).multiply(BigInteger.TEN.pow(9)), "seed");
          engine.onFill(owner, "SOL-PERP", Wad.of("10"), Wad.of("150"), SEED);
        } else {
          engine.onCollateral(owner, usdc, BigInteger.valueOf(1_000_000_000L), "seed");
        }
      }
      System.gc();
      long after = rt.totalMemory() - rt.freeMemory();
      System.out.printf(
          "%n%d accounts: about %d bytes per account on the heap%n",
          accounts, (after - before) / accounts);
    }
  }

  /** One SOL tick: re-values the 10% of accounts exposed to SOL (never the others). */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public int priceTick(TickState state) {
    // Alternate between two prices so every tick changes values; neither reaches the call band.
    String price = (state.tick++ % 2 == 0) ? "149" : "151";
    return state.engine.onPrice("SOL", new Price(Wad.of(price), NOW));
  }
}
