package io.omnimargin.solver.example;

import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.eip712.Eip712Domain;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.ChainId;
import io.omnimargin.solver.Award;
import io.omnimargin.solver.Bid;
import io.omnimargin.solver.Filler;
import io.omnimargin.solver.OpenAuction;
import io.omnimargin.solver.Solver;
import io.omnimargin.solver.SolverClient;
import java.math.BigInteger;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * A small market maker: quotes every auction at a reference price plus (buy) or minus (sell) a
 * spread in basis points, passes when that is worse than the user's limit, and on an award reports
 * a fill at its bid price. Its "venue" is simulated: the transaction hash it reports is made up,
 * which is what a demo against a local hub needs.
 */
public final class ReferencePriceMaker implements Solver {
  private static final BigInteger WAD = BigInteger.TEN.pow(18);
  private final Map<String, BigInteger> reference;
  private final long spreadBasisPoints;
  private final BigInteger fee;

  /**
   * @param reference price per market, 18 decimals (e.g. {@code ETH-PERP → 3000e18})
   * @param spreadBasisPoints distance from the reference, 10 = 0.1%
   * @param fee the fee to ask, 18 decimals
   */
  public ReferencePriceMaker(
      Map<String, BigInteger> reference, long spreadBasisPoints, BigInteger fee) {
    this.reference = Map.copyOf(reference);
    this.spreadBasisPoints = spreadBasisPoints;
    this.fee = fee;
  }

  @Override
  public Optional<Bid> bid(OpenAuction a) {
    BigInteger ref = reference.get(a.market());
    if (ref == null || fee.compareTo(a.maxFee()) > 0) {
      return Optional.empty();
    }
    BigInteger spread =
        ref.multiply(BigInteger.valueOf(spreadBasisPoints)).divide(BigInteger.valueOf(10_000));
    BigInteger price = a.buy() ? ref.add(spread) : ref.subtract(spread);
    boolean withinLimit =
        a.buy() ? price.compareTo(a.limitPrice()) <= 0 : price.compareTo(a.limitPrice()) >= 0;
    if (!withinLimit) {
      return Optional.empty();
    }
    return Optional.of(new Bid(price, fee, a.fillDeadline()));
  }

  @Override
  public Optional<Bid> quote(io.omnimargin.solver.QuoteRequest q) {
    BigInteger ref = reference.get(q.market());
    if (ref == null) {
      return Optional.empty();
    }
    BigInteger spread =
        ref.multiply(BigInteger.valueOf(spreadBasisPoints)).divide(BigInteger.valueOf(10_000));
    return Optional.of(
        new Bid(
            q.buy() ? ref.add(spread) : ref.subtract(spread),
            fee,
            q.deadline().getEpochSecond() + 60));
  }

  @Override
  public void onBidRejected(OpenAuction auction, io.omnimargin.solver.SolverException reason) {
    System.err.println(
        Instant.now() + " bid on " + auction.orderId() + " refused: " + reason.getMessage());
  }

  @Override
  public void onAward(Award award, Filler filler) {
    filler.reportFill(1, "0x" + "00".repeat(31) + "01", award.size(), award.price());
  }

  /**
   * Runs the maker against a hub until interrupted. Arguments: hub URL, solver key (hex), reference
   * prices as {@code MARKET=PRICE} pairs; the domain is the default hub's (Arbitrum, the default
   * settler), overridable with {@code -Dhub.chainId} and {@code -Dhub.settler}.
   */
  public static void main(String[] args) throws InterruptedException {
    if (args.length < 3) {
      System.err.println(
          "usage: ReferencePriceMaker <hub-url> <solver-key-hex> MARKET=PRICE [MARKET=PRICE ...]");
      System.exit(2);
    }
    Map<String, BigInteger> prices = new java.util.HashMap<>();
    for (int i = 2; i < args.length; i++) {
      String[] kv = args[i].split("=", 2);
      prices.put(
          kv[0],
          new java.math.BigDecimal(kv[1])
              .multiply(new java.math.BigDecimal(WAD))
              .toBigIntegerExact());
    }
    Eip712Domain domain =
        Eip712Domain.omnimargin(
            ChainId.of(Long.getLong("hub.chainId", 42161)),
            Address.parse(
                System.getProperty("hub.settler", "0x3c4D141609BA0d386068E9dC6bCadfceF21aa741")));
    PrivateKey key = PrivateKey.fromHex(args[1]);
    try (SolverClient client =
        SolverClient.connect(
            URI.create(args[0]),
            key,
            domain,
            "reference-maker",
            new ReferencePriceMaker(prices, 10, WAD.divide(BigInteger.TEN)))) {
      System.out.println(
          Instant.now()
              + " solver "
              + key.address()
              + " connected to "
              + args[0]
              + ", quoting "
              + prices.keySet());
      new CountDownLatch(1).await();
    }
  }
}
