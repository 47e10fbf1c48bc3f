package io.omnimargin.bench;

import io.omnimargin.margin.clearing.ClearingParameters;
import io.omnimargin.margin.clearing.Trade;
import io.omnimargin.margin.contagion.ConcentrationLimit;
import io.omnimargin.margin.contagion.DefaultScenarios;
import io.omnimargin.margin.contagion.ReturnSeries;
import io.omnimargin.margin.contagion.RiskMonitor;
import io.omnimargin.margin.contagion.StressRun;
import io.omnimargin.margin.contagion.StressScenario;
import io.omnimargin.margin.engine.MarginEngine;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.ledger.LedgerStore;
import io.omnimargin.margin.risk.CollateralKey;
import io.omnimargin.margin.risk.RiskConfig;
import io.omnimargin.margin.valuation.Price;
import io.omnimargin.margin.valuation.Valuator;
import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A stress run of ten scenarios over a million accounts through {@link RiskMonitor#stress}: the
 * ledger copy, the shocked markets and every exposed account valued again, as the service runs it.
 * Goal ≤ 5 s. Every account holds USDC on Arbitrum; half hold ETH on Ethereum, a fifth SOL on
 * Solana, a seventh WBTC on Polygon; half trade 1 ETH-PERP or 10 SOL-PERP with a neighbour. The
 * scenarios touch most accounts (ETH is in six of them). Command and figures: docs/performance.md.
 */
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms6g", "-Xmx6g"})
public class StressBenchmark {
  static final long NOW = 1_800_000_000L;
  static final CollateralKey ETH = new CollateralKey(1, "ETH");
  static final CollateralKey USDC = new CollateralKey(42161, "USDC");
  static final CollateralKey SOL = new CollateralKey(1399811149, "SOL");
  static final CollateralKey WBTC = new CollateralKey(137, "WBTC");

  static Address account(long n) {
    return Address.parse(String.format("0x%040x", 0x20000000L + n));
  }

  static BigInteger units(long whole, int decimals) {
    return BigInteger.valueOf(whole).multiply(BigInteger.TEN.pow(decimals));
  }

  static StressScenario prices(String name, String... assetShocks) {
    Map<String, BigInteger> shocks = new java.util.HashMap<>();
    for (int i = 0; i < assetShocks.length; i += 2) {
      shocks.put(assetShocks[i], Wad.of(assetShocks[i + 1]));
    }
    return new StressScenario(name, Set.of(), shocks);
  }

  static final List<StressScenario> SCENARIOS =
      List.of(
          prices("eth-10", "ETH", "-0.10"),
          prices("eth-30", "ETH", "-0.30"),
          prices("eth-50", "ETH", "-0.50"),
          prices("eth+30", "ETH", "0.30"),
          prices("crypto-30", "ETH", "-0.30", "BTC", "-0.30", "WBTC", "-0.30", "SOL", "-0.30"),
          prices("sol-40", "SOL", "-0.40"),
          StressScenario.routes("ethereum-down", Set.of(1L)),
          StressScenario.routes("polygon-down", Set.of(137L)),
          new StressScenario(
              "solana-down-sol-40", Set.of(1399811149L), Map.of("SOL", Wad.of("-0.40"))),
          new StressScenario(
              "bridges-down-eth-30",
              Set.of(1L, 137L, 1399811149L),
              Map.of("ETH", Wad.of("-0.30"))));

  @State(Scope.Benchmark)
  public static class Ledger {
    @Param({"1000000"})
    public int accounts;

    RiskMonitor monitor;

    @Setup(Level.Trial)
    public void setUp() {
      Valuator valuator = new Valuator(RiskConfig.defaults());
      MarginEngine engine =
          new MarginEngine(
              valuator, () -> NOW, e -> {}, LedgerStore.NONE, ClearingParameters.defaults());
      for (String[] p :
          new String[][] {
            {"ETH", "3000"}, {"USDC", "1"}, {"SOL", "150"}, {"WBTC", "60000"}, {"BTC", "60000"}
          }) {
        engine.onPrice(p[0], new Price(Wad.of(p[1]), NOW));
      }
      engine.onCollateral(ClearingParameters.INSURANCE_FUND, USDC, units(50_000_000, 6), "seed");
      for (int i = 0; i < accounts; i++) {
        Address a = account(i);
        engine.onCollateral(a, USDC, units(5_000 + i % 1_000, 6), "seed");
        if (i % 2 == 0) {
          engine.onCollateral(a, ETH, units(1 + i % 3, 18), "seed");
        }
        if (i % 5 == 0) {
          engine.onCollateral(a, SOL, units(20, 9), "seed");
        }
        if (i % 7 == 0) {
          engine.onCollateral(a, WBTC, units(1, 7), "seed");
        }
      }
      for (int i = 0; i + 3 < accounts; i += 4) {
        engine.onTrade(
            Trade.at("ETH-PERP", account(i), account(i + 1), Wad.ONE, Wad.of("3000")), null);
        engine.onTrade(
            Trade.at("SOL-PERP", account(i + 2), account(i + 3), Wad.of("10"), Wad.of("150")),
            null);
      }
      monitor =
          new RiskMonitor(
              engine,
              valuator,
              new RiskMonitor.Settings(
                  DefaultScenarios.of(valuator.config()), ConcentrationLimit.disabled(), 1000),
              new ReturnSeries(60, 2),
              () -> NOW);
    }
  }

  /** Ten scenarios over every account, as {@code POST /v1/risk/stress} runs them. */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public StressRun tenScenarios(Ledger l) {
    return l.monitor.stress(SCENARIOS);
  }

  /**
   * The timer's refresh: exposure per route (every account valued line by line) and the built-in
   * scenarios (six on the default configuration).
   */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public RiskMonitor.Latest scheduledRefresh(Ledger l) {
    return l.monitor.refresh();
  }
}
