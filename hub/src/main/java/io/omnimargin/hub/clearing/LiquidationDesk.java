package io.omnimargin.hub.clearing;

import io.omnimargin.auction.book.BidRejection;
import io.omnimargin.auction.solver.SolverRegistry;
import io.omnimargin.hub.auction.SolverFeed;
import io.omnimargin.hub.intake.SignatureCheck;
import io.omnimargin.hub.port.Scheduler;
import io.omnimargin.hub.problem.ProblemCode;
import io.omnimargin.hub.problem.Refusal;
import io.omnimargin.margin.clearing.ClearingParameters;
import io.omnimargin.margin.clearing.Takeover;
import io.omnimargin.margin.decision.ProposedChange;
import io.omnimargin.margin.engine.MarginBook;
import io.omnimargin.margin.engine.MarginEngine;
import io.omnimargin.margin.engine.MarginEvent;
import io.omnimargin.protocol.crypto.Signature;
import io.omnimargin.protocol.crypto.SignatureRecovery;
import io.omnimargin.protocol.eip712.Eip712Domain;
import io.omnimargin.protocol.eip712.LiquidationBid;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.OrderId;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs the liquidation auction of step 2 of the waterfall. When the engine starts a liquidation
 * (the engine must be told {@code useLiquidationDesk(true)}), its positions are offered to every
 * connected solver as a {@code liquidation} feed event; signed {@code LiquidationBid}s are taken
 * for {@code window}; then the best valid bid (the most for the liquidated account, {@code Σ
 * size·price}) whose solver is still in good standing and can carry the positions (its margin is
 * reserved for them) takes them over through {@code completeLiquidation}, or, with none, the engine
 * goes on to the insurance fund or auto-deleverage. When a mark has gone stale the engine refuses
 * to complete: bidding reopens and the desk tries again every {@code window} until a fresh price.
 *
 * <p>The engine publishes its events while it holds its lock, so nothing here calls the engine from
 * {@link #accept}: the record is written at once (its own lock, no calls out) and the rest is
 * handed to the scheduler's thread.
 */
public final class LiquidationDesk implements Consumer<MarginEvent> {
  private static final System.Logger LOG = System.getLogger(LiquidationDesk.class.getName());

  private final MarginBook book;
  private final LiquidationLedger ledger;
  private final ClearingParameters clearing;
  private final SolverRegistry registry;
  private final SolverFeed feed;
  private final Eip712Domain domain;
  private final SignatureCheck signatures;
  private final Clock clock;
  private final Scheduler scheduler;
  private final long windowMillis;
  private final Liquidations liquidations = new Liquidations();
  private static final long UNCONSUMED_HOLD_MILLIS = 60_000;

  /**
   * @param scheduler where auctions open and close, off the engine's thread
   * @param window how long bids are taken, and how long a blocked completion waits to try again
   */
  public LiquidationDesk(
      MarginEngine engine,
      SolverRegistry registry,
      SolverFeed feed,
      Eip712Domain domain,
      SignatureRecovery recovery,
      Clock clock,
      Scheduler scheduler,
      Duration window) {
    this(
        engine,
        LiquidationLedger.of(engine),
        registry,
        feed,
        domain,
        recovery,
        clock,
        scheduler,
        window);
  }

  /**
   * @param book where a winner's margin is held while its takeover completes
   * @param ledger where the liquidations are completed
   */
  public LiquidationDesk(
      MarginBook book,
      LiquidationLedger ledger,
      SolverRegistry registry,
      SolverFeed feed,
      Eip712Domain domain,
      SignatureRecovery recovery,
      Clock clock,
      Scheduler scheduler,
      Duration window) {
    this.book = book;
    this.ledger = ledger;
    this.clearing = book.clearing();
    this.registry = registry;
    this.feed = feed;
    this.domain = domain;
    this.signatures = new SignatureCheck(recovery);
    this.clock = clock;
    this.scheduler = scheduler;
    this.windowMillis = window.toMillis();
  }

  @Override
  public void accept(MarginEvent event) {
    if (event instanceof MarginEvent.LiquidationStarted started) {
      LiquidationAuction auction = new LiquidationAuction(started, clock.millis() + windowMillis);
      liquidations.add(auction);
      scheduler.execute(() -> open(auction));
    } else if (event instanceof MarginEvent.Liquidation done) {
      liquidations.find(done.id()).ifPresent(a -> a.outcome(done));
    }
  }

  /**
   * Offers a liquidation another replica's engine started (a partitioned ledger), unless this desk
   * has it already: a hand-off sent again opens no second auction.
   *
   * @return whether it was new here
   */
  public synchronized boolean acceptOnce(MarginEvent.LiquidationStarted started) {
    if (liquidations.find(started.id()).isPresent()) {
      return false;
    }
    accept(started);
    return true;
  }

  private void open(LiquidationAuction auction) {
    feed.publish(LiquidationFeed.offer(auction.started(), auction.closesAtMillis()), null);
    scheduler.schedule(
        () -> closeSafely(auction), Math.max(0, auction.closesAtMillis() - clock.millis()));
  }

  /** A close that fails is tried again: an open liquidation must not be left behind. */
  private void closeSafely(LiquidationAuction auction) {
    try {
      close(auction);
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, "liquidation " + auction.id() + ": the close failed; trying again", e);
      auction.blocked("close-failed", clock.millis() + windowMillis);
      scheduler.schedule(() -> closeSafely(auction), windowMillis);
    }
  }

  /** A bid over HTTP: its signature must recover to the solver it names. */
  public void bid(LiquidationBid bid, Signature signature) {
    LiquidationAuction auction = find(bid.liquidationId());
    Address signer = signatures.recover(bid.digest(domain), signature);
    if (!signer.equals(bid.solver())) {
      throw badSignature(bid);
    }
    place(auction, bid);
  }

  /** A bid over the session of {@code solver}, whose key the session proved. */
  public void bidFromSession(Address solver, LiquidationBid bid, Signature signature) {
    if (!solver.equals(bid.solver())) {
      throw badSignature(bid); // a session bids for its own solver only
    }
    bid(bid, signature);
  }

  private static Refusal badSignature(LiquidationBid bid) {
    return new Refusal(
        ProblemCode.BAD_SIGNATURE,
        "the bid is not signed by " + bid.solver().toChecksumHex(),
        "signature");
  }

  private LiquidationAuction find(long id) {
    return liquidations
        .find(id)
        .orElseThrow(() -> new Refusal(ProblemCode.NOT_FOUND, "no liquidation " + id));
  }

  private void place(LiquidationAuction auction, LiquidationBid bid) {
    long now = clock.millis();
    Optional<Refusal> refusal = solverRefusal(auction, bid, now);
    auction.place(bid, now, refusal);
  }

  /** Who may not bid: the liquidated account, the clearing house, solvers not in good standing. */
  private Optional<Refusal> solverRefusal(
      LiquidationAuction auction, LiquidationBid bid, long now) {
    Address solver = bid.solver();
    if (solver.equals(auction.account()) || clearing.isSystem(solver)) {
      return Optional.of(
          new Refusal(
              ProblemCode.SELF_TRADE,
              solver.toChecksumHex() + " cannot take over liquidation " + auction.id()));
    }
    Optional<BidRejection> standing = registry.apply(solver);
    if (standing.isPresent()) {
      return Optional.of(
          new Refusal(
              ProblemCode.REGISTRATION_REFUSED,
              solver.toChecksumHex()
                  + " is not a registered solver in good standing ("
                  + standing.get().code()
                  + ")"));
    }
    if (bid.validUntil() * 1000 < now) {
      return Optional.of(
          new Refusal(ProblemCode.INVALID_FIELD, "validUntil has passed", "bid.validUntil"));
    }
    return Optional.empty();
  }

  /** The bid chosen at a close (null for none) and the margin held for it. */
  private record Choice(LiquidationAuction.Entry winner, List<OrderId> held) {
    Optional<Takeover> takeover() {
      return Optional.ofNullable(winner).map(w -> new Takeover(w.bid.solver(), w.bid.prices()));
    }
  }

  /** Bidding closes: the best bid that can still win takes the positions, or none does. */
  private void close(LiquidationAuction auction) {
    if (auction.isCompleted()) {
      return; // a retry after a failure that came once the engine had completed it
    }
    Choice choice = choose(auction);
    LiquidationLedger.Completion done = null;
    try {
      done = ledger.complete(auction.account(), auction.id(), choice.takeover());
    } finally {
      if (choice.winner() != null) {
        Address solver = choice.winner().bid.solver();
        if (done == LiquidationLedger.Completion.COMPLETED && ledger.holdsConsumed()) {
          // its leg consumes the hold where it lands; dropped later only if it never does
          scheduler.schedule(() -> release(solver, choice.held()), UNCONSUMED_HOLD_MILLIS);
        } else {
          release(solver, choice.held()); // booked or not, no longer needed
        }
      }
    }
    if (done == LiquidationLedger.Completion.COMPLETED) {
      auction.completed(choice.winner());
      if (choice.winner() != null) {
        feed.publish(LiquidationFeed.takeover(auction.started()), choice.winner().bid.solver());
      }
    } else if (done == LiquidationLedger.Completion.GONE) {
      auction.dropped();
      LOG.log(
          Level.INFO,
          "liquidation "
              + auction.id()
              + ": no longer open in the ledger (its positions changed, a new owner started it"
              + " again, or it was completed without a bid); nothing booked at this close");
    } else if (done == LiquidationLedger.Completion.WAITING) {
      auction.blocked("stale-price", clock.millis() + windowMillis);
      LOG.log(
          Level.INFO,
          "liquidation " + auction.id() + ": a mark is stale; bidding reopens until the next try");
      scheduler.schedule(() -> closeSafely(auction), windowMillis);
    }
  }

  /** The best standing bid that can win now, its solver's margin held; the others passed over. */
  private Choice choose(LiquidationAuction auction) {
    for (LiquidationAuction.Entry candidate : auction.close()) {
      Optional<String> passed = cannotWin(candidate);
      if (passed.isEmpty()) {
        List<OrderId> held = reserve(auction, candidate.bid);
        if (!held.isEmpty()) {
          return new Choice(candidate, held);
        }
        passed = Optional.of(BidRejection.SOLVER_INSUFFICIENT_MARGIN.code());
      }
      auction.passOver(candidate, passed.get());
      LOG.log(
          Level.INFO,
          "liquidation "
              + auction.id()
              + ": the bid of "
              + candidate.bid.solver()
              + " is passed over: "
              + passed.get());
    }
    return new Choice(null, List.of());
  }

  /** Why a standing bid cannot win now, if so: it expired, or its solver lost its standing. */
  private Optional<String> cannotWin(LiquidationAuction.Entry e) {
    if (e.bid.validUntil() * 1000 < clock.millis()) {
      return Optional.of("expired");
    }
    return registry.apply(e.bid.solver()).map(BidRejection::code);
  }

  /**
   * Holds the solver's margin for every position it would take over, at its prices, as the award of
   * an auction does; empty (nothing held) when it cannot carry them all.
   */
  private List<OrderId> reserve(LiquidationAuction auction, LiquidationBid bid) {
    List<OrderId> held = new ArrayList<>();
    for (MarginEvent.Offer offer : auction.started().offers()) {
      OrderId hold = hold(auction.id(), offer.market());
      boolean carried =
          book.reserve(
                  bid.solver(),
                  hold,
                  new ProposedChange.Order(
                      offer.market(),
                      offer.size().signum() > 0,
                      offer.size().abs(),
                      bid.prices().get(offer.market()),
                      false))
              .accepted();
      if (!carried) {
        release(bid.solver(), held);
        return List.of();
      }
      held.add(hold);
    }
    return held;
  }

  private void release(Address solver, List<OrderId> held) {
    // not terminal: a close tried again (a stale mark) holds the same margin again
    held.forEach(h -> book.releaseUnstored(solver, h));
  }

  /** The id a takeover's margin is held under, one per liquidation and market. */
  private static OrderId hold(long liquidation, String market) {
    return Takeover.hold(liquidation, market);
  }

  /** A liquidation as it stands, while this process keeps it. */
  public Optional<LiquidationRecord> liquidation(long id) {
    return liquidations.find(id).map(LiquidationAuction::record);
  }

  /** The account's liquidations, newest first, at most {@code limit}. */
  public List<LiquidationRecord> liquidations(Address account, int limit) {
    return liquidations.of(account, limit).stream().map(LiquidationAuction::record).toList();
  }

  /** Every account's liquidations, newest first, at most {@code limit}, while kept. */
  public List<LiquidationRecord> recent(int limit) {
    return liquidations.recent(limit).stream().map(LiquidationAuction::record).toList();
  }
}
