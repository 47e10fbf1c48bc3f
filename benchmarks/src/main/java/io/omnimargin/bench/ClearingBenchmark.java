package io.omnimargin.bench;

import io.omnimargin.margin.clearing.ClearingParameters;
import io.omnimargin.margin.clearing.FundingSettlement;
import io.omnimargin.margin.clearing.FundingTerms;
import io.omnimargin.margin.clearing.Trade;
import io.omnimargin.margin.decision.Decision;
import io.omnimargin.margin.decision.ProposedChange;
import io.omnimargin.margin.engine.MarginEngine;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.ledger.LedgerStore;
import io.omnimargin.margin.risk.CollateralKey;
import io.omnimargin.margin.risk.RiskConfig;
import io.omnimargin.margin.valuation.Price;
import io.omnimargin.margin.valuation.Valuator;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.protocol.types.OrderId;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * The clearing house's three heavy paths on the margin engine: a fill booked on both accounts with
 * both pre-trade checks, a funding settlement over a million open positions, and a price crash that
 * liquidates ten thousand accounts through the whole waterfall. Commands and figures:
 * docs/performance.md.
 */
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms6g", "-Xmx6g"})
public class ClearingBenchmark {
  static final long START = 1_800_000_000L;
  static final CollateralKey ETH = new CollateralKey(1, "ETH");
  static final CollateralKey USDC = new CollateralKey(42161, "USDC");
  static final FundingTerms FUNDING = FundingTerms.defaults();

  static Address account(long n) {
    return Address.parse(String.format("0x%040x", 0x10000000L + n));
  }

  static OrderId intent(long n) {
    return new OrderId(Bytes32.leftPad(ByteBuffer.allocate(Long.BYTES).putLong(n).array()));
  }

  static MarginEngine engine(AtomicLong now, FundingTerms funding) {
    MarginEngine engine =
        new MarginEngine(
            new Valuator(RiskConfig.defaults()),
            now::get,
            e -> {},
            LedgerStore.NONE,
            ClearingParameters.defaults().withFunding(funding));
    engine.onPrice("ETH", new Price(Wad.of("3000"), now.get()));
    engine.onPrice("USDC", new Price(Wad.ONE, now.get()));
    return engine;
  }

  /** 1,000 trader and solver pairs, each funded, trading 0.1 ETH-PERP back and forth. */
  @State(Scope.Benchmark)
  public static class FillState {
    final AtomicLong now = new AtomicLong(START);
    MarginEngine engine;
    long n;

    @Setup(Level.Trial)
    public void setUp() {
      engine = engine(now, FundingTerms.defaults());
      for (int i = 0; i < 2_000; i++) {
        engine.onCollateral(account(i), USDC, BigInteger.valueOf(100_000_000_000L), "seed");
      }
    }
  }

  /**
   * The award's two checks (the trader's and the solver's, each reserving) and the trade booked on
   * both accounts with its fees, as the auction house does it.
   */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public Decision bookFill(FillState s) {
    long n = s.n++;
    int pair = (int) (n % 1_000);
    boolean buy = (n / 1_000) % 2 == 0; // every pair buys, then sells back, then buys...
    Address trader = account(2L * pair);
    Address solver = account(2L * pair + 1);
    OrderId id = intent(n);
    BigInteger size = Wad.of("0.1");
    BigInteger price = Wad.of("3000");
    Decision t =
        s.engine.reserve(trader, id, new ProposedChange.Order("ETH-PERP", buy, size, price, false));
    Decision m =
        s.engine.reserve(
            solver, id, new ProposedChange.Order("ETH-PERP", !buy, size, price, false));
    s.engine.onTrade(
        new Trade(
            "ETH-PERP",
            trader,
            solver,
            buy ? size : size.negate(),
            price,
            Wad.of("0.1"),
            Wad.of("0.15")),
        id);
    return t.accepted() && m.accepted() ? t : m;
  }

  /** {@code positions} open ETH-PERP positions, half long and half short, with a premium. */
  @State(Scope.Benchmark)
  public static class FundingState {
    @Param({"1000000"})
    public int positions;

    final AtomicLong now = new AtomicLong(START);
    MarginEngine engine;

    @Setup(Level.Trial)
    public void setUp() {
      engine = engine(now, FUNDING);
      for (int i = 0; i < positions; i++) {
        engine.onCollateral(account(i), USDC, BigInteger.valueOf(10_000_000_000L), "seed");
      }
      for (int i = 0; i + 1 < positions; i += 2) {
        engine.onTrade(
            Trade.at("ETH-PERP", account(i), account(i + 1), Wad.ONE, Wad.of("3003")), null);
      }
    }

    /** The clock reaches the next settlement with a fresh index (not measured). */
    @Setup(Level.Invocation)
    public void nextInterval() {
      now.set(FUNDING.nextAfter(now.get()));
      engine.onPrice("ETH", new Price(Wad.of("3000"), now.get()));
      engine.onPrice("USDC", new Price(Wad.ONE, now.get()));
      // one fill per interval keeps a premium (rate 0.1%), so every position pays or receives
      engine.onTrade(
          Trade.at("ETH-PERP", account(0), account(1), Wad.of("0.001"), Wad.of("3003")), null);
      // the two ticks re-valued every account: their garbage is not the settlement's
      System.gc();
    }
  }

  /** One funding settlement: every position pays or receives, the residue to the fee pool. */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public List<FundingSettlement> fundingSettlement(FundingState s) {
    return s.engine.settleFundingDue();
  }

  /**
   * {@code accounts} traders each long 8 ETH-PERP on 1 ETH of collateral against ten solvers, and a
   * funded insurance fund; each invocation starts from this book again.
   */
  @State(Scope.Benchmark)
  public static class CrashState {
    @Param({"10000"})
    public int accounts;

    final AtomicLong now = new AtomicLong(START);
    MarginEngine engine;

    @Setup(Level.Invocation)
    public void setUp() {
      now.set(START);
      engine = engine(now, FundingTerms.defaults());
      engine.onCollateral(
          ClearingParameters.INSURANCE_FUND, USDC, BigInteger.TEN.pow(15), "insurance");
      for (int s = 0; s < 10; s++) {
        engine.onCollateral(account(1_000_000 + s), USDC, BigInteger.TEN.pow(15), "solver");
      }
      for (int i = 0; i < accounts; i++) {
        engine.onCollateral(account(i), ETH, Wad.ONE, "trader");
        engine.onTrade(
            Trade.at(
                "ETH-PERP", account(i), account(1_000_000 + i % 10), Wad.of("8"), Wad.of("3000")),
            null);
      }
    }
  }

  /**
   * ETH falls from 3,000 to 2,600: every trader is bankrupt; each is liquidated (the insurance fund
   * takes the position at the mark and pays the deficit) within this one tick.
   */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public int crashLiquidates(CrashState s) {
    return s.engine.onPrice("ETH", new Price(Wad.of("2600"), s.now.get()));
  }
}
