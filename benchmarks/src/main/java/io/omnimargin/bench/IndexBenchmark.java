package io.omnimargin.bench;

import io.omnimargin.margin.engine.MarginEngine;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.oracle.CompositeIndex;
import io.omnimargin.margin.oracle.IndexParameters;
import io.omnimargin.margin.oracle.IndexReading;
import io.omnimargin.margin.risk.RiskConfig;
import io.omnimargin.margin.risk.adaptive.EwmaVolatility;
import io.omnimargin.margin.risk.adaptive.VolatilityParameters;
import io.omnimargin.margin.valuation.Price;
import io.omnimargin.margin.valuation.Valuator;
import java.math.BigInteger;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One composite index update (issue 18: ≤ 10 µs): a source's price into an asset with three sources
 * (freshness, outlier band, median, quorum date) and the index into the EWMA volatility; and the
 * same tick through the engine with no account exposed (index, σ, funding index, epoch). Each call
 * advances the clock one second and moves the price a little, so every call does the whole work.
 * Run: see docs/performance.md.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class IndexBenchmark {
  static final long START = 1_800_000_000L;
  static final String[] SOURCES = {"chainlink", "pyth", "push"};
  static final BigInteger[] PRICES = {Wad.of("3000"), Wad.of("3001.5"), Wad.of("2999.25")};

  @State(Scope.Thread)
  public static class IndexState {
    CompositeIndex index;
    EwmaVolatility volatility;
    long now = START;
    int n;

    @Setup
    public void setUp() {
      index = new CompositeIndex(IndexParameters.defaults(), asset -> 3600);
      volatility = new EwmaVolatility(0.8, VolatilityParameters.defaults());
      for (String source : SOURCES) {
        index.update("ETH", source, new Price(Wad.of("3000"), now), now);
      }
    }
  }

  @State(Scope.Thread)
  public static class EngineState {
    MarginEngine engine;
    long[] now = {START};
    int n;

    @Setup
    public void setUp() {
      engine = new MarginEngine(new Valuator(RiskConfig.defaults()), () -> now[0], e -> {});
      for (String source : SOURCES) {
        engine.onPrice("ETH", new Price(Wad.of("3000"), now[0]), source);
      }
    }
  }

  /** A source's tick into the composite index and the index into the volatility estimate. */
  @Benchmark
  public boolean indexUpdate(IndexState s) {
    int i = s.n++;
    long now = ++s.now;
    Optional<IndexReading> r =
        s.index.update("ETH", SOURCES[i % 3], new Price(PRICES[(i / 3) % 3], now), now);
    IndexReading reading = r.orElseThrow();
    return s.volatility.observe(reading.index().orElseThrow(), reading.publishTime());
  }

  /** The same tick through the engine, no account exposed. */
  @Benchmark
  public int engineTick(EngineState s) {
    int i = s.n++;
    long now = ++s.now[0];
    return s.engine.onPrice("ETH", new Price(PRICES[(i / 3) % 3], now), SOURCES[i % 3]);
  }
}
