package io.omnimargin.auction.book;

import io.omnimargin.protocol.crypto.Signature;
import io.omnimargin.protocol.crypto.SignatureRecovery;
import io.omnimargin.protocol.eip712.Eip712Domain;
import io.omnimargin.protocol.eip712.SolverBid;
import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * One sealed-bid auction for one intent. Bids are checked as they arrive and kept sealed until
 * close; one live bid per solver (a new one before close replaces it). It closes at {@code
 * closesAt}, or earlier once every eligible connected solver has bid or declined. The best bid
 * wins; a winner that does not fill in time, or reports a fill unlike its bid, loses the award to
 * the next. Thread-safe: every method holds the auction's monitor.
 *
 * <p>What it keeps for the public record is bounded: a bid whose signature does not hold to the
 * solver it names is answered with its rejection but not kept (anyone could otherwise fill the
 * record with bids in another solver's name); live bids are one per registered solver; refused and
 * replaced bids are kept up to {@code maxRejectedKept}, the rest answered and forgotten.
 */
public final class Auction {

  /** Answers whether a solver may bid now: empty if so, the reason if not. */
  public interface Eligibility extends Function<Address, Optional<BidRejection>> {}

  /**
   * The clearing house's own terms for a bid (no self-trade, a price within the band around the
   * index): empty if the bid may stand, the reason if not.
   */
  public interface BidTerms extends Function<SolverBid, Optional<BidRejection>> {
    BidTerms NONE = bid -> Optional.empty();
  }

  /** Refused or replaced bids one auction keeps unless told otherwise. */
  public static final int DEFAULT_MAX_REJECTED_KEPT = 32;

  public enum State {
    BIDDING,
    AWARDED,
    FILLED,
    NO_WINNER,
    CANCELLED
  }

  /** A reported fill, as the winner states it. */
  public record Fill(
      Address solver,
      long venueChainId,
      String transactionHash,
      BigInteger size,
      BigInteger price) {}

  /** The current award: who holds the exclusive right to fill, and which bid it is. */
  public record Award(PlacedBid bid, int rank) {}

  private final AuctionTerms terms;
  private final Eip712Domain domain;
  private final SignatureRecovery recovery;
  private final Eligibility eligibility;
  private final ToLongFunction<Address> reputation;
  private final BidTerms bidTerms;
  // An owner may hold 200,000 auctions no solver has bid on, and the collections of an empty
  // auction
  // were a fifth of its objects: each below is the shared empty one until its first entry (written
  // through the methods that make it mutable; a remove is guarded by a read)
  private Map<Address, PlacedBid> live = Map.of();
  private final List<PlacedBid> all = new ArrayList<>();
  private Set<Address> waitingFor;
  private boolean anyoneConnected;
  private Set<Address> declined = Set.of();
  // identity: two bids may be equal records, and each keeps its own signature
  private Map<PlacedBid, Signature> unverified = Map.of();
  private final int maxRejectedKept;
  private int rejectedKept;
  private State state = State.BIDDING;
  private List<PlacedBid> ranked = List.of();
  private int awardIndex = -1;

  public Auction(
      AuctionTerms terms,
      Eip712Domain domain,
      SignatureRecovery recovery,
      Eligibility eligibility,
      ToLongFunction<Address> reputation,
      Set<Address> connectedEligible) {
    this(
        terms,
        domain,
        recovery,
        eligibility,
        reputation,
        connectedEligible,
        DEFAULT_MAX_REJECTED_KEPT,
        BidTerms.NONE);
  }

  /**
   * @param maxRejectedKept refused and replaced bids kept for the record; more are answered but not
   *     kept
   * @param bidTerms the clearing house's own terms for a bid, checked after the auction's
   */
  public Auction(
      AuctionTerms terms,
      Eip712Domain domain,
      SignatureRecovery recovery,
      Eligibility eligibility,
      ToLongFunction<Address> reputation,
      Set<Address> connectedEligible,
      int maxRejectedKept,
      BidTerms bidTerms) {
    if (maxRejectedKept < 0) {
      throw new IllegalArgumentException("maxRejectedKept must not be negative");
    }
    this.maxRejectedKept = maxRejectedKept;
    this.bidTerms = bidTerms;
    this.terms = terms;
    this.domain = domain;
    this.recovery = recovery;
    this.eligibility = eligibility;
    this.reputation = reputation;
    this.waitingFor = connectedEligible.isEmpty() ? Set.of() : new HashSet<>(connectedEligible);
    this.anyoneConnected = !connectedEligible.isEmpty();
  }

  private Map<Address, PlacedBid> liveToWrite() {
    if (!(live instanceof LinkedHashMap)) {
      live = new LinkedHashMap<>(4);
    }
    return live;
  }

  private Map<PlacedBid, Signature> unverifiedToWrite() {
    if (!(unverified instanceof IdentityHashMap)) {
      unverified = new IdentityHashMap<>(2);
    }
    return unverified;
  }

  private Set<Address> waitingForToWrite() {
    if (!(waitingFor instanceof HashSet)) {
      waitingFor = new HashSet<>(4);
    }
    return waitingFor;
  }

  private Set<Address> declinedToWrite() {
    if (!(declined instanceof HashSet)) {
      declined = new HashSet<>(4);
    }
    return declined;
  }

  private void stopWaitingFor(Address solver) {
    if (waitingFor.contains(solver)) {
      waitingFor.remove(solver);
    }
  }

  private Signature takeUnverified(PlacedBid bid) {
    return unverified.isEmpty() ? null : unverified.remove(bid);
  }

  public AuctionTerms terms() {
    return terms;
  }

  public synchronized State state() {
    return state;
  }

  /**
   * Checks and places a bid; answers it as placed (rejected or not). One whose signature does not
   * recover to its solver is answered {@code bad-signature} and not kept.
   */
  public synchronized PlacedBid submit(SolverBid bid, Signature signature, long nowMillis) {
    Address signer;
    try {
      signer = recovery.recover(bid.digest(domain), signature);
    } catch (RuntimeException e) {
      signer = null;
    }
    if (!bid.solver().equals(signer)) {
      return unkept(bid, nowMillis, BidRejection.BAD_SIGNATURE);
    }
    return place(bid, nowMillis);
  }

  /**
   * Places a bid that came over the session of {@code sessionSolver}, whose key the hub checked
   * when the session opened. The session already says who bids, so the bid's own signature only
   * matters as the public record of what was offered: it is checked when the bid could win (at the
   * award) or when the competition is shown, not on arrival. That keeps one signature recovery per
   * auction on the hot path instead of one per bid. A bid naming another solver is refused at once.
   */
  public synchronized PlacedBid submitFromSession(
      Address sessionSolver, SolverBid bid, Signature signature, long nowMillis) {
    if (!bid.solver().equals(sessionSolver)) {
      return unkept(bid, nowMillis, BidRejection.BAD_SIGNATURE);
    }
    PlacedBid placed = place(bid, nowMillis);
    if (placed.rejected() == null) {
      unverifiedToWrite().put(placed, signature);
    }
    return placed;
  }

  private PlacedBid place(SolverBid bid, long nowMillis) {
    Address signer = bid.solver();
    BidRejection reason = check(bid, nowMillis);
    PlacedBid placed = record(bid, signer, nowMillis, reason);
    if (reason == null) {
      PlacedBid previous = liveToWrite().put(signer, placed);
      if (previous != null) {
        takeUnverified(previous);
        int at = all.indexOf(previous);
        if (rejectedKept < maxRejectedKept) {
          rejectedKept++;
          all.set(
              at,
              new PlacedBid(
                  previous.bid(), previous.solver(), previous.receivedAtMillis(), null, true));
        } else {
          all.remove(at);
        }
      }
      stopWaitingFor(signer);
    }
    return placed;
  }

  /**
   * Whether a bid's signature holds, checking it now if it came over a session; a failing one is
   * recorded as {@code bad-signature}.
   */
  private boolean signatureHolds(PlacedBid b) {
    Signature signature = takeUnverified(b);
    if (signature == null) {
      return true;
    }
    try {
      if (recovery.recover(b.bid().digest(domain), signature).equals(b.solver())) {
        return true;
      }
    } catch (RuntimeException e) {
      // unrecoverable: refused below like a wrong signer
    }
    all.set(
        all.indexOf(b),
        new PlacedBid(
            b.bid(), b.solver(), b.receivedAtMillis(), BidRejection.BAD_SIGNATURE, false));
    return false;
  }

  /** Whether any valid bid stands now (cheap; for the window's end). */
  public synchronized boolean hasLiveBid() {
    return !live.isEmpty();
  }

  private BidRejection check(SolverBid bid, long nowMillis) {
    // who is bidding first: a suspended solver learns that, whatever the auction's state
    Optional<BidRejection> solver = eligibility.apply(bid.solver());
    if (solver.isPresent()) {
      return solver.get();
    }
    if (!bid.orderId().equals(terms.orderId())) {
      return BidRejection.WRONG_ORDER;
    }
    if (state == State.CANCELLED) {
      return BidRejection.AUCTION_CANCELLED;
    }
    if (state != State.BIDDING || nowMillis >= terms.closesAtMillis()) {
      return BidRejection.AUCTION_CLOSED;
    }
    BigInteger price = bid.price().toBigInteger();
    if (terms.side() == AuctionTerms.Side.BUY && price.compareTo(terms.limitPrice()) > 0
        || terms.side() == AuctionTerms.Side.SELL && price.compareTo(terms.limitPrice()) < 0) {
      return BidRejection.PRICE_WORSE_THAN_LIMIT;
    }
    if (bid.fee().toBigInteger().compareTo(terms.maxFee()) > 0) {
      return BidRejection.FEE_ABOVE_MAX;
    }
    // the award comes at close; a bid must still hold then to be fillable
    if (bid.validUntil() * 1000 < terms.closesAtMillis()) {
      return BidRejection.EXPIRES_BEFORE_FILL;
    }
    return bidTerms.apply(bid).orElse(null);
  }

  /** Keeps a bid for the record: every live one, refused ones up to the bound. */
  private PlacedBid record(SolverBid bid, Address solver, long now, BidRejection reason) {
    PlacedBid placed = new PlacedBid(bid, solver, now, reason, false);
    if (reason == null) {
      all.add(placed);
    } else if (rejectedKept < maxRejectedKept) {
      rejectedKept++;
      all.add(placed);
    }
    return placed;
  }

  /** The answer to a bid the record does not keep. */
  private static PlacedBid unkept(SolverBid bid, long now, BidRejection reason) {
    return new PlacedBid(bid, bid.solver(), now, reason, false);
  }

  /**
   * A connected solver passes on this auction (also one not yet known to be connected: its stream
   * may deliver the auction, and its answer, before {@link #connected} is called).
   */
  public synchronized void decline(Address solver) {
    stopWaitingFor(solver);
    declinedToWrite().add(solver);
  }

  /**
   * An eligible solver whose stream opened while bidding runs is waited for too, unless it has
   * answered already. Auctions a replica resumes when it takes the ledger over open before the
   * solvers' sessions come back to it; without this they would run their whole window.
   */
  public synchronized void connected(Address solver) {
    if (state != State.BIDDING) {
      return;
    }
    // its stream may have replayed the auction and its answer come in before this call
    if (!live.containsKey(solver) && !declined.contains(solver)) {
      waitingForToWrite().add(solver);
    }
    anyoneConnected = true;
  }

  /**
   * Every eligible solver connected at the open, or since, has bid or declined: no reason to wait
   * for the window. With nobody connected the window runs in full (bids may come over HTTP).
   */
  public synchronized boolean everyoneAnswered() {
    return anyoneConnected && waitingFor.isEmpty();
  }

  /**
   * Closes bidding and awards the best bid, if any. If bids stood but none held its signature (a
   * session's bids are checked only now), bidding goes on as after an empty window: the state stays
   * {@link State#BIDDING}, as an HTTP bid with that signature would have been refused on arrival.
   */
  public synchronized Optional<Award> close() {
    if (state != State.BIDDING) {
      return current();
    }
    ranked = Ranking.rank(terms, live.values(), reputation);
    boolean anyStood = !ranked.isEmpty();
    Optional<Award> award = advance();
    if (award.isEmpty() && anyStood) {
      live = Map.of(); // every one of them failed its signature and is recorded bad-signature
      awardIndex = -1;
      state = State.BIDDING;
    }
    return award;
  }

  /**
   * The award's bid cannot be taken for a reason that is not the solver's fault of delivery (its
   * account cannot carry the trade): the bid is recorded with {@code reason} and the award passes
   * to the next bid. Not a fade.
   */
  public synchronized Optional<Award> pass(BidRejection reason) {
    if (state != State.AWARDED) {
      return Optional.empty();
    }
    PlacedBid b = ranked.get(awardIndex);
    int at = all.indexOf(b);
    if (at >= 0) {
      all.set(at, new PlacedBid(b.bid(), b.solver(), b.receivedAtMillis(), reason, false));
    }
    return advance();
  }

  /**
   * A bid ranked behind the award, as the auction would pass the award to it: {@code unchecked} is
   * its signature if it came over a session and has not been checked yet (it is checked before the
   * bid can be awarded, see {@link #submitFromSession}), null if its signature was checked already
   * (on arrival over HTTP, or when the competition was shown).
   */
  public record RunnerUp(PlacedBid bid, Signature unchecked) {}

  /**
   * The bids ranked behind the current award, best first, at most {@code max}: those a fade or a
   * pass would award next, in that order (one whose signature then fails is skipped). Empty unless
   * awarded.
   */
  public synchronized List<RunnerUp> runnerUps(int max) {
    if (state != State.AWARDED) {
      return List.of();
    }
    List<RunnerUp> out = new ArrayList<>();
    for (int i = awardIndex + 1; i < ranked.size() && out.size() < max; i++) {
      PlacedBid b = ranked.get(i);
      out.add(new RunnerUp(b, unverified.get(b)));
    }
    return out;
  }

  /**
   * An auction another replica awarded and this one takes over: {@code winner}'s bid is the award,
   * and {@code runnerUps} (as {@link #runnerUps} gave them there, best first) are the bids a fade
   * or a pass awards next, exactly as on the replica that ran it; a runner-up's signature not
   * checked there is checked before it can be awarded here.
   */
  public synchronized Optional<Award> restoreAward(PlacedBid winner, List<RunnerUp> runnerUps) {
    if (state != State.BIDDING || !all.isEmpty()) {
      throw new IllegalStateException("only a fresh auction takes an award over");
    }
    all.add(winner);
    ranked = new ArrayList<>(List.of(winner));
    for (RunnerUp r : runnerUps) {
      if (!r.bid().live()) {
        throw new IllegalArgumentException("a runner-up must be a live bid: " + r.bid());
      }
      all.add(r.bid());
      ranked.add(r.bid());
      if (r.unchecked() != null) {
        unverifiedToWrite().put(r.bid(), r.unchecked());
      }
    }
    awardIndex = 0;
    state = State.AWARDED;
    return current();
  }

  /** The winner did not fill in time (or filled wrongly): the award passes to the next bid. */
  public synchronized Optional<Award> fade() {
    if (state != State.AWARDED) {
      return Optional.empty();
    }
    return advance();
  }

  private Optional<Award> advance() {
    awardIndex++;
    while (awardIndex < ranked.size() && !signatureHolds(ranked.get(awardIndex))) {
      ranked.remove(awardIndex);
    }
    if (awardIndex >= ranked.size()) {
      state = State.NO_WINNER;
      return Optional.empty();
    }
    state = State.AWARDED;
    return current();
  }

  /** The award now in force. */
  public synchronized Optional<Award> current() {
    return state == State.AWARDED || state == State.FILLED
        ? Optional.of(new Award(ranked.get(awardIndex), awardIndex + 1))
        : Optional.empty();
  }

  /**
   * The winner reports its fill. A fill by someone else is ignored (answers false); a fill that
   * does not match the winning bid (size, or a price worse than bid) fades the award.
   */
  public synchronized boolean reportFill(Fill fill) {
    Optional<Award> award = current();
    if (state != State.AWARDED
        || award.isEmpty()
        || !award.get().bid().solver().equals(fill.solver())) {
      return false;
    }
    BigInteger bidPrice = award.get().bid().bid().price().toBigInteger();
    boolean priceOk =
        switch (terms.side()) {
          case BUY -> fill.price().compareTo(bidPrice) <= 0;
          case SELL -> fill.price().compareTo(bidPrice) >= 0;
          case WITHDRAWAL -> true;
        };
    if (!priceOk || fill.size().compareTo(terms.size()) != 0) {
      return false;
    }
    state = State.FILLED;
    return true;
  }

  public synchronized void cancel() {
    if (state == State.BIDDING) {
      state = State.CANCELLED;
    }
  }

  /** Every bid with its rank (1 is best; 0 for rejected or replaced ones), for the public view. */
  public synchronized List<Ranked> competition() {
    if (state != State.BIDDING) {
      // the record shows every bid as it truly stands: check the session bids not yet checked
      for (PlacedBid b : new ArrayList<>(unverified.keySet())) {
        if (!signatureHolds(b)) {
          ranked.remove(b);
        }
      }
    }
    List<Ranked> out = new ArrayList<>();
    for (PlacedBid b : all) {
      int rank = ranked.indexOf(b) + 1;
      out.add(new Ranked(b, rank));
    }
    return out;
  }

  /** A bid and its rank in the closed auction. */
  public record Ranked(PlacedBid bid, int rank) {}
}
