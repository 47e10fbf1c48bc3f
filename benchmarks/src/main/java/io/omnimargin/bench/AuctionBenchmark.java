package io.omnimargin.bench;

import io.omnimargin.auction.book.Auction;
import io.omnimargin.auction.book.AuctionTerms;
import io.omnimargin.auction.solver.SolverRegistry;
import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.crypto.Secp256k1Provider;
import io.omnimargin.protocol.crypto.Signature;
import io.omnimargin.protocol.eip712.Eip712Domain;
import io.omnimargin.protocol.eip712.SolverBid;
import io.omnimargin.protocol.eip712.SolverRegistration;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.protocol.types.ChainId;
import io.omnimargin.protocol.types.OrderId;
import io.omnimargin.protocol.types.Uint256;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The auction core with 20 solvers: {@code award} is the work between the window's close and the
 * award (ranking 20 sealed bids, choosing the winner); {@code fullAuction} is one whole auction (20
 * signed bids checked, signatures recovered, close, award), whose throughput bounds auctions per
 * second on one core. HTTP and the solver streams are not in these numbers.
 */
public class AuctionBenchmark {
  static final Eip712Domain DOMAIN =
      Eip712Domain.omnimargin(
          ChainId.of(42161), Address.parse("0x3c4D141609BA0d386068E9dC6bCadfceF21aa741"));
  static final BigInteger WAD = BigInteger.TEN.pow(18);
  static final int SOLVERS = 20;

  @State(Scope.Benchmark)
  public static class Bids {
    SolverRegistry registry;
    List<SolverBid> bids = new ArrayList<>();
    List<Signature> signatures = new ArrayList<>();
    Set<Address> connected;
    OrderId orderId = new OrderId(Bytes32.leftPad(new byte[] {42}));
    Auction closable;

    @Setup
    public void setUp() throws Exception {
      Map<Address, BigInteger> allow = new HashMap<>();
      List<PrivateKey> keys = new ArrayList<>();
      for (int i = 0; i < SOLVERS; i++) {
        PrivateKey k = PrivateKey.of(BigInteger.valueOf(10_000 + i));
        keys.add(k);
        allow.put(k.address(), WAD);
      }
      long now = java.time.Instant.now().getEpochSecond();
      registry = new SolverRegistry(allow, 1200, 20, java.time.Duration.ofMinutes(5), () -> now);
      for (PrivateKey k : keys) {
        SolverRegistration r = new SolverRegistration(k.address(), "bench", now);
        registry.register(r, k.sign(r.digest(DOMAIN)), DOMAIN, Secp256k1Provider.recovery());
        SolverBid b =
            new SolverBid(
                orderId,
                k.address(),
                Uint256.of(BigInteger.valueOf(2_990 - keys.indexOf(k) % 7).multiply(WAD)),
                Uint256.of(WAD),
                1_900_000_000L);
        bids.add(b);
        signatures.add(k.sign(b.digest(DOMAIN)));
      }
      connected = Set.copyOf(allow.keySet());
    }

    Auction fresh() {
      return new Auction(
          new AuctionTerms(
              orderId,
              AuctionTerms.Side.BUY,
              WAD.multiply(BigInteger.TWO),
              WAD.multiply(BigInteger.valueOf(3000)),
              WAD.multiply(BigInteger.TEN),
              Long.MAX_VALUE,
              1_900_000_000L),
          DOMAIN,
          Secp256k1Provider.recovery(),
          registry,
          registry::score,
          connected);
    }
  }

  /** A fresh auction with the 20 bids placed, before each call (the placing is not timed). */
  @State(Scope.Thread)
  public static class Placed {
    Auction auction;

    @Setup(org.openjdk.jmh.annotations.Level.Invocation)
    public void place(Bids shared) {
      auction = shared.fresh();
      for (int i = 0; i < SOLVERS; i++) {
        auction.submit(shared.bids.get(i), shared.signatures.get(i), 0);
      }
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public Optional<Auction.Award> award(Placed placed) {
    return placed.auction.close();
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public Optional<Auction.Award> fullAuction(Bids b) {
    Auction a = b.fresh();
    for (int i = 0; i < SOLVERS; i++) {
      a.submit(b.bids.get(i), b.signatures.get(i), 0);
    }
    return a.close();
  }
}
