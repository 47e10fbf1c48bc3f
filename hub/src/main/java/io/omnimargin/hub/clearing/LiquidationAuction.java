package io.omnimargin.hub.clearing;

import io.omnimargin.hub.problem.ProblemCode;
import io.omnimargin.hub.problem.Refusal;
import io.omnimargin.margin.engine.MarginEvent;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.protocol.eip712.LiquidationBid;
import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One liquidation's sealed-bid auction: the positions offered, the bids (one standing bid per
 * solver, a new one replaces it), and where it is. Every method holds this object's lock and never
 * calls out, so the engine's event thread may record into it while the desk's thread runs the
 * engine.
 */
final class LiquidationAuction {
  /**
   * Refused and replaced bids kept for the record; the rest are answered and forgotten. Standing
   * bids are one per registered solver.
   */
  static final int MAX_REFUSED = 32;

  private enum Phase {
    BIDDING,
    CLOSING,
    BLOCKED,
    COMPLETED,
    DROPPED
  }

  /** A bid as kept: what was signed, when it came, and where it stands. */
  static final class Entry {
    final LiquidationBid bid;
    final long receivedAtMillis;
    int rank;
    String status;

    Entry(LiquidationBid bid, long receivedAtMillis, String status) {
      this.bid = bid;
      this.receivedAtMillis = receivedAtMillis;
      this.status = status;
    }

    /** What the liquidated account receives for its positions: {@code Σ size·price}. */
    BigInteger value() {
      BigInteger sum = BigInteger.ZERO;
      for (LiquidationBid.TakenPosition p : bid.positions()) {
        sum = sum.add(p.size().multiply(p.price().toBigInteger()));
      }
      return sum;
    }
  }

  private final MarginEvent.LiquidationStarted started;
  private final List<Entry> bids = new ArrayList<>();
  private long closesAtMillis;
  private Phase phase = Phase.BIDDING;
  private String blockedReason;
  private MarginEvent.Liquidation outcome;
  private int kept;

  LiquidationAuction(MarginEvent.LiquidationStarted started, long closesAtMillis) {
    this.started = started;
    this.closesAtMillis = closesAtMillis;
  }

  MarginEvent.LiquidationStarted started() {
    return started;
  }

  Address account() {
    return started.owner();
  }

  long id() {
    return started.id();
  }

  synchronized long closesAtMillis() {
    return closesAtMillis;
  }

  /**
   * Places a bid, or records why not and throws the refusal: {@code refusal} is what the desk found
   * about the solver; the bid's terms are checked here.
   */
  synchronized void place(LiquidationBid bid, long nowMillis, Optional<Refusal> refusal) {
    if (phase == Phase.CLOSING || phase == Phase.COMPLETED) {
      throw new Refusal(
          ProblemCode.LIQUIDATION_CLOSED, "liquidation " + id() + " is no longer taking bids");
    }
    Optional<Refusal> refused = refusal.or(() -> terms(bid));
    if (refused.isPresent()) {
      keep(new Entry(bid, nowMillis, refused.get().code().code()));
      throw refused.get();
    }
    for (java.util.Iterator<Entry> it = bids.iterator(); it.hasNext(); ) {
      Entry e = it.next();
      if (e.bid.solver().equals(bid.solver()) && "standing".equals(e.status)) {
        if (kept < MAX_REFUSED) {
          e.status = "replaced";
          kept++;
        } else {
          it.remove();
        }
      }
    }
    bids.add(new Entry(bid, nowMillis, "standing"));
  }

  private void keep(Entry refused) {
    if (kept < MAX_REFUSED) {
      bids.add(refused);
      kept++;
    }
  }

  /** The bid must take every offered position at its size, at prices no worse than bankruptcy. */
  private Optional<Refusal> terms(LiquidationBid bid) {
    if (!bid.account().equals(account())) {
      return Optional.of(
          new Refusal(
              ProblemCode.INVALID_FIELD,
              "liquidation " + id() + " is of " + account().toChecksumHex(),
              "bid.account"));
    }
    Map<String, LiquidationBid.TakenPosition> taken = new java.util.HashMap<>();
    bid.positions().forEach(p -> taken.put(p.market().symbol(), p));
    if (taken.size() != started.offers().size()) {
      return Optional.of(incomplete());
    }
    for (MarginEvent.Offer offer : started.offers()) {
      LiquidationBid.TakenPosition p = taken.get(offer.market());
      if (p == null || !p.size().equals(offer.size())) {
        return Optional.of(incomplete());
      }
      BigInteger price = p.price().toBigInteger();
      if (price.signum() == 0) {
        return Optional.of(
            new Refusal(ProblemCode.INVALID_FIELD, "prices are positive", "bid.positions"));
      }
      if (price.subtract(offer.bankruptcyPrice()).signum() * offer.size().signum() < 0) {
        return Optional.of(worseThanBankruptcy(offer, price));
      }
    }
    return Optional.empty();
  }

  private static Refusal incomplete() {
    return new Refusal(
        ProblemCode.INVALID_FIELD,
        "a bid takes every offered position, each at its offered size",
        "bid.positions");
  }

  private static Refusal worseThanBankruptcy(MarginEvent.Offer offer, BigInteger price) {
    return new Refusal(
        ProblemCode.PRICE_WORSE_THAN_BANKRUPTCY,
        offer.market()
            + " at "
            + Wad.format(price)
            + " is worse for the clearing house than its bankruptcy price "
            + Wad.format(offer.bankruptcyPrice())
            + (offer.size().signum() > 0 ? " (a long is not taken below it)" : " (a short above)"),
        "bid.positions",
        Map.of("market", offer.market(), "bankruptcyPrice", offer.bankruptcyPrice().toString()));
  }

  /**
   * Stops taking bids and answers the standing ones, best for the liquidated account first (then
   * the earlier), ranked 1, 2, ….
   */
  synchronized List<Entry> close() {
    phase = Phase.CLOSING;
    List<Entry> standing = new ArrayList<>();
    for (Entry e : bids) {
      e.rank = 0;
      if ("standing".equals(e.status)) {
        standing.add(e);
      }
    }
    standing.sort(
        Comparator.comparing(Entry::value).reversed().thenComparingLong(e -> e.receivedAtMillis));
    for (int i = 0; i < standing.size(); i++) {
      standing.get(i).rank = i + 1;
    }
    return standing;
  }

  /** A standing bid that cannot win at this close (expired, suspended, no margin). */
  synchronized void passOver(Entry e, String status) {
    e.status = status;
    e.rank = 0;
  }

  /** The completion ran: the winner (if any) took the positions; the other bids were outbid. */
  synchronized void completed(Entry winner) {
    phase = Phase.COMPLETED;
    blockedReason = null;
    for (Entry e : bids) {
      if ("standing".equals(e.status)) {
        e.status = e == winner ? "won" : "outbid";
      }
    }
  }

  /**
   * The engine's account of the completion: also after the desk's close found it no longer open (on
   * a partitioned ledger it may have been completed without a bid where the account is), whose bids
   * then stay void.
   */
  synchronized void outcome(MarginEvent.Liquidation done) {
    outcome = done;
    phase = Phase.COMPLETED;
  }

  /** The completion could not run (a mark went stale): bidding reopens until the next attempt. */
  synchronized void blocked(String reason, long nextAttemptMillis) {
    if (phase != Phase.COMPLETED) {
      phase = Phase.BLOCKED;
      blockedReason = reason;
      closesAtMillis = nextAttemptMillis;
    }
  }

  /**
   * The ledger no longer holds it open and nothing was booked (its account's positions changed
   * while it waited, and what it holds now is offered again under a new id): the standing bids are
   * void.
   */
  synchronized void dropped() {
    if (phase != Phase.COMPLETED) {
      phase = Phase.DROPPED;
      blockedReason = null;
      for (Entry e : bids) {
        if ("standing".equals(e.status)) {
          e.status = "void";
        }
      }
    }
  }

  /** Completed or dropped: a close has nothing left to do. */
  synchronized boolean isCompleted() {
    return phase == Phase.COMPLETED || phase == Phase.DROPPED;
  }

  /** The public record; bids stay sealed until the liquidation completes. */
  synchronized LiquidationRecord record() {
    LiquidationRecord.State state =
        switch (phase) {
          case BIDDING, CLOSING -> LiquidationRecord.State.OPEN;
          case BLOCKED -> LiquidationRecord.State.BLOCKED;
          case COMPLETED -> LiquidationRecord.State.COMPLETED;
          case DROPPED -> LiquidationRecord.State.DROPPED;
        };
    List<LiquidationRecord.BidRecord> shown = new ArrayList<>();
    if (state == LiquidationRecord.State.COMPLETED || state == LiquidationRecord.State.DROPPED) {
      for (Entry e : bids) {
        shown.add(
            new LiquidationRecord.BidRecord(
                e.bid.solver(),
                e.bid.prices(),
                e.bid.validUntil(),
                e.receivedAtMillis,
                e.rank,
                e.status));
      }
    }
    return new LiquidationRecord(
        id(),
        account(),
        started.at(),
        closesAtMillis,
        started.offers(),
        shown,
        state,
        blockedReason,
        Optional.ofNullable(outcome));
  }
}
