package io.omnimargin.hub.auction;

import io.omnimargin.auction.solver.SolverRegistry;
import io.omnimargin.hub.intake.IntakePolicy;
import io.omnimargin.hub.intake.SignatureCheck;
import io.omnimargin.hub.problem.ProblemCode;
import io.omnimargin.hub.problem.Refusal;
import io.omnimargin.protocol.crypto.Signature;
import io.omnimargin.protocol.crypto.SignatureRecovery;
import io.omnimargin.protocol.eip712.MarketSymbol;
import io.omnimargin.protocol.eip712.SolverBid;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.protocol.types.OrderId;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Indicative quotes for an unsigned order: the request goes to every connected eligible solver as a
 * {@code quote} event; each may answer once with a price and fee signed as a {@code SolverBid} on
 * the quote's id; the best answer by the deadline (or once all have answered) is returned. A
 * request reaches every solver, so it is checked as an intent is: a listed market, and a positive
 * size of at most {@link #MAX_SIZE}.
 */
public final class QuoteDesk {
  private static final BigInteger WAD = BigInteger.TEN.pow(18);

  /** The largest size a quote may ask for: 10^9 whole units, in 18-decimal base units. */
  public static final BigInteger MAX_SIZE = BigInteger.TEN.pow(27);

  /** One answer. */
  public record Answer(Address solver, BigInteger price, BigInteger fee) {}

  /** The outcome of a request. */
  public record Outcome(OrderId quoteId, Optional<Answer> best, int answers, int asked) {}

  private static final class Pending {
    final boolean buy;
    final BigInteger size;
    final Set<Address> waiting;
    final int asked;
    Answer best;
    int answers;

    Pending(boolean buy, BigInteger size, Set<Address> waiting) {
      this.buy = buy;
      this.size = size;
      this.waiting = waiting;
      this.asked = waiting.size();
    }
  }

  private final Map<OrderId, Pending> open = new ConcurrentHashMap<>();
  private final SolverFeed feed;
  private final AuctionHouse house;
  private final IntakePolicy policy;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final SignatureCheck signatures;

  public QuoteDesk(
      SolverFeed feed,
      AuctionHouse house,
      IntakePolicy policy,
      Clock clock,
      SignatureRecovery recovery) {
    this.signatures = new SignatureCheck(recovery);
    this.feed = feed;
    this.house = house;
    this.policy = policy;
    this.clock = clock;
  }

  /**
   * Asks the connected solvers and waits up to {@code deadline} for their answers.
   *
   * @throws Refusal {@code unknown-market} for a market not listed, {@code invalid-field} for a
   *     size not in (0, {@link #MAX_SIZE}]
   */
  public Outcome request(String market, boolean buy, BigInteger size, Duration deadline)
      throws InterruptedException {
    check(market, size);
    byte[] id = new byte[32];
    random.nextBytes(id);
    OrderId quoteId = new OrderId(Bytes32.wrap(id));
    SolverRegistry registry = house.registry();
    Set<Address> asked = new HashSet<>();
    for (Address solver : feed.connected()) {
      if (registry.apply(solver).isEmpty()) {
        asked.add(solver);
      }
    }
    Pending p = new Pending(buy, size, asked);
    open.put(quoteId, p);
    long until = clock.millis() + deadline.toMillis();
    feed.publish(SolverFeed.quote(quoteId.toHex(), market, buy, size.toString(), until), null);
    long end = System.nanoTime() + deadline.toNanos();
    try {
      synchronized (p) {
        while (!p.waiting.isEmpty()) {
          long left = end - System.nanoTime();
          if (left <= 0) {
            break;
          }
          p.wait(Math.max(1, left / 1_000_000));
        }
        return new Outcome(quoteId, Optional.ofNullable(p.best), p.answers, p.asked);
      }
    } finally {
      open.remove(quoteId);
    }
  }

  private void check(String market, BigInteger size) {
    boolean listed;
    try {
      listed = policy.markets().contains(new MarketSymbol(market));
    } catch (IllegalArgumentException e) {
      listed = false;
    }
    if (!listed) {
      String shown = market.length() > 32 ? market.substring(0, 32) + "…" : market;
      throw new Refusal(ProblemCode.UNKNOWN_MARKET, "market " + shown + " is not listed", "market");
    }
    if (size.signum() <= 0 || size.compareTo(MAX_SIZE) > 0) {
      throw new Refusal(
          ProblemCode.INVALID_FIELD,
          "size must be positive and at most " + MAX_SIZE + " (18 decimals)",
          "size");
    }
  }

  /**
   * A solver's answer; false if the quote is over or the answer is not valid.
   *
   * @throws io.omnimargin.hub.problem.Refusal {@code bad-signature} when no key recovers from the
   *     signature
   */
  public boolean answer(SolverBid signedAnswer, Signature signature) {
    Pending p = open.get(signedAnswer.orderId());
    if (p == null) {
      return false;
    }
    Address signer = signatures.recover(signedAnswer.digest(policy.domain()), signature);
    if (!signer.equals(signedAnswer.solver()) || house.registry().apply(signer).isPresent()) {
      return false;
    }
    synchronized (p) {
      if (!p.waiting.remove(signer)) {
        return false; // not asked, or answered already
      }
      Answer a =
          new Answer(
              signer, signedAnswer.price().toBigInteger(), signedAnswer.fee().toBigInteger());
      if (p.best == null || better(p, a, p.best)) {
        p.best = a;
      }
      p.answers++;
      p.notifyAll();
      return true;
    }
  }

  private static boolean better(Pending p, Answer a, Answer b) {
    BigInteger va = a.price().multiply(p.size).divide(WAD);
    BigInteger vb = b.price().multiply(p.size).divide(WAD);
    return p.buy
        ? va.add(a.fee()).compareTo(vb.add(b.fee())) < 0
        : va.subtract(a.fee()).compareTo(vb.subtract(b.fee())) > 0;
  }
}
