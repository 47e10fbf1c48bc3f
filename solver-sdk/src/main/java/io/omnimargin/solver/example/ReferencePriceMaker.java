package io.omnimargin.solver.example;

import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.eip712.Eip712Domain;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.ChainId;
import io.omnimargin.solver.Award;
import io.omnimargin.solver.Bid;
import io.omnimargin.solver.Filler;
import io.omnimargin.solver.LiquidationOffer;
import io.omnimargin.solver.OpenAuction;
import io.omnimargin.solver.QuoteRequest;
import io.omnimargin.solver.Solver;
import io.omnimargin.solver.SolverClient;
import io.omnimargin.solver.SolverException;
import io.omnimargin.solver.TakeoverBid;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * A small market maker: quotes every auction at a reference price plus (buy) or minus (sell) a
 * spread in basis points, passes when that is worse than the user's limit, and on an award reports
 * a fill at its bid price. It bids on liquidations at each position's mark moved by the same spread
 * in its favour (buying a long below the mark, selling a short above it), and passes when that is
 * worse than a bankruptcy price. Its "venue" is simulated: the transaction hash it reports is made
 * up, which is what a demo against a local hub needs. It says on standard output what it bids,
 * wins, fills and has refused, and when its session drops and comes back.
 */
public final class ReferencePriceMaker implements Solver {
  private static final BigInteger WAD = BigInteger.TEN.pow(18);

  /** The settler of the default hub domain (Arbitrum), as in the {@code local} profile. */
  static final String DEFAULT_SETTLER = "0x3c4D141609BA0d386068E9dC6bCadfceF21aa741";

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
    String what = (a.buy() ? "buy " : "sell ") + decimal(a.size()) + " " + a.market();
    if (ref == null || fee.compareTo(a.maxFee()) > 0) {
      log("pass on " + a.orderId() + " (" + what + "): no reference price, or fee above its max");
      return Optional.empty();
    }
    BigInteger price = quoted(ref, a.buy());
    boolean withinLimit =
        a.buy() ? price.compareTo(a.limitPrice()) <= 0 : price.compareTo(a.limitPrice()) >= 0;
    if (!withinLimit) {
      log(
          "pass on "
              + a.orderId()
              + " ("
              + what
              + "): "
              + decimal(price)
              + " is worse than the limit "
              + decimal(a.limitPrice()));
      return Optional.empty();
    }
    log("bid " + decimal(price) + " on " + a.orderId() + " (" + what + ")");
    return Optional.of(new Bid(price, fee, a.fillDeadline()));
  }

  @Override
  public Optional<Bid> quote(QuoteRequest q) {
    BigInteger ref = reference.get(q.market());
    if (ref == null) {
      return Optional.empty();
    }
    return Optional.of(new Bid(quoted(ref, q.buy()), fee, q.deadline().getEpochSecond() + 60));
  }

  /** The reference moved by the spread, in the maker's favour. */
  private BigInteger quoted(BigInteger ref, boolean userBuys) {
    BigInteger spread =
        ref.multiply(BigInteger.valueOf(spreadBasisPoints)).divide(BigInteger.valueOf(10_000));
    return userBuys ? ref.add(spread) : ref.subtract(spread);
  }

  @Override
  public Optional<TakeoverBid> onLiquidation(LiquidationOffer offer) {
    Map<String, BigInteger> prices = new HashMap<>();
    for (LiquidationOffer.Position p : offer.positions()) {
      BigInteger price = quoted(p.mark(), !p.isLong()); // takes a long: buys, below the mark
      if (!p.acceptable(price)) {
        log(
            "pass on liquidation "
                + offer.id()
                + ": "
                + p.market()
                + " at "
                + decimal(price)
                + " is worse than its bankruptcy price "
                + decimal(p.bankruptcyPrice()));
        return Optional.empty();
      }
      prices.put(p.market(), price);
    }
    log("bid on liquidation " + offer.id() + " of " + offer.account() + ": " + decimals(prices));
    return Optional.of(new TakeoverBid(prices, offer.closesAt().getEpochSecond() + 60));
  }

  @Override
  public void onLiquidationBidRejected(LiquidationOffer offer, SolverException reason) {
    log("bid on liquidation " + offer.id() + " refused: " + reason.getMessage());
  }

  @Override
  public void onTakeover(LiquidationOffer offer) {
    log("took over liquidation " + offer.id() + " of " + offer.account());
  }

  private static String decimals(Map<String, BigInteger> prices) {
    StringBuilder out = new StringBuilder();
    prices.forEach(
        (market, price) -> out.append(market).append(' ').append(decimal(price)).append(' '));
    return out.toString().trim();
  }

  @Override
  public void onBidRejected(OpenAuction auction, SolverException reason) {
    log("bid on " + auction.orderId() + " refused: " + reason.getMessage());
  }

  @Override
  public void onAward(Award award, Filler filler) {
    log("won " + award.orderId() + " at " + decimal(award.price()) + "; filling");
    try {
      filler.reportFill(1, "0x" + "00".repeat(31) + "01", award.size(), award.price());
      log("filled " + award.orderId() + ": " + decimal(award.size()) + " " + award.market());
    } catch (SolverException e) {
      log("fill of " + award.orderId() + " refused: " + e.getMessage());
    }
  }

  @Override
  public void onConnected() {
    log("session open");
  }

  @Override
  public void onDisconnected() {
    log("session lost; reconnecting");
  }

  private static void log(String line) {
    System.out.println(Instant.now() + " " + line);
  }

  private static String decimal(BigInteger wad) {
    return new BigDecimal(wad).movePointLeft(18).stripTrailingZeros().toPlainString();
  }

  /**
   * Connects a maker to a hub. Arguments: hub URL, solver key (hex), reference prices as {@code
   * MARKET=PRICE} pairs; the domain is the default hub's (Arbitrum, the default settler),
   * overridable with {@code -Dhub.chainId} and {@code -Dhub.settler}. The spread is 10 bp, the fee
   * 0.1 USD.
   *
   * @throws IllegalArgumentException on unusable arguments
   * @throws SolverException if the hub refuses the registration
   */
  public static SolverClient start(String... args) {
    if (args.length < 3) {
      throw new IllegalArgumentException(
          "usage: ReferencePriceMaker <hub-url> <solver-key-hex> MARKET=PRICE [MARKET=PRICE ...]");
    }
    Map<String, BigInteger> prices = new HashMap<>();
    for (int i = 2; i < args.length; i++) {
      String[] kv = args[i].split("=", 2);
      if (kv.length != 2) {
        throw new IllegalArgumentException("not MARKET=PRICE: " + args[i]);
      }
      prices.put(kv[0], new BigDecimal(kv[1]).movePointRight(18).toBigIntegerExact());
    }
    Eip712Domain domain =
        Eip712Domain.omnimargin(
            ChainId.of(Long.getLong("hub.chainId", 42161)),
            Address.parse(System.getProperty("hub.settler", DEFAULT_SETTLER)));
    PrivateKey key = PrivateKey.fromHex(args[1]);
    SolverClient client =
        SolverClient.connect(
            URI.create(args[0]),
            key,
            domain,
            "reference-maker",
            new ReferencePriceMaker(prices, 10, WAD.divide(BigInteger.TEN)));
    log(
        "solver "
            + key.address()
            + " registered at "
            + args[0]
            + ", quoting "
            + String.join(" ", java.util.Arrays.asList(args).subList(2, args.length))
            + " ± 10 bp");
    return client;
  }

  /** Runs the maker until the process is stopped; see {@link #start} for the arguments. */
  public static void main(String[] args) throws InterruptedException {
    SolverClient client;
    try {
      client = start(args);
    } catch (IllegalArgumentException | SolverException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(client::close, "reference-maker-stop"));
    new CountDownLatch(1).await();
  }
}
