package io.omnimargin.hub.auction;

import io.omnimargin.auction.book.Auction;
import io.omnimargin.auction.book.AuctionTerms;
import io.omnimargin.auction.book.BidRejection;
import io.omnimargin.auction.book.PlacedBid;
import io.omnimargin.auction.solver.SolverRegistry;
import io.omnimargin.hub.intake.IntakePolicy;
import io.omnimargin.hub.intake.SignatureCheck;
import io.omnimargin.hub.intent.Intent;
import io.omnimargin.hub.intent.IntentEvents;
import io.omnimargin.hub.intent.IntentStatus;
import io.omnimargin.hub.intent.IntentStore;
import io.omnimargin.hub.intent.StatusChange;
import io.omnimargin.hub.intent.TransitionOutcome;
import io.omnimargin.hub.port.MarginInputs;
import io.omnimargin.hub.port.Scheduler;
import io.omnimargin.margin.account.Position;
import io.omnimargin.margin.clearing.Trade;
import io.omnimargin.margin.decision.Decision;
import io.omnimargin.margin.decision.ProposedChange;
import io.omnimargin.margin.engine.EngineInput;
import io.omnimargin.margin.engine.MarginBook;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.protocol.crypto.Signature;
import io.omnimargin.protocol.crypto.SignatureRecovery;
import io.omnimargin.protocol.eip712.FillReport;
import io.omnimargin.protocol.eip712.MarginOrder;
import io.omnimargin.protocol.eip712.SolverBid;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.OrderId;
import java.lang.System.Logger.Level;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToLongFunction;

/**
 * Runs a sealed-bid auction for every accepted margin order: {@code OPEN → AUCTIONING} at once; at
 * the window's end the best bid is awarded ({@code AWARDED}) after the margin check is re-run at
 * its price (refused: {@code REJECTED} with the numbers); the winner has until the fill window ends
 * to report its fill ({@code FILLED}, and the fill reaches the margin engine), otherwise, or if its
 * fill is not its bid, the award passes to the next bid and the fade counts against it. A window
 * that ends without a valid bid stays open: the first valid bid after it wins at once, until the
 * order's {@code openDeadline} expires it.
 */
public final class AuctionHouse implements IntentEvents {
  private static final System.Logger LOG = System.getLogger(AuctionHouse.class.getName());

  /**
   * Auctions opened per status move in the store (a few milliseconds each): the new intents the
   * timer finds waiting, or those a take-over reopens.
   */
  static final int OPEN_BATCH = 256;

  /** One running auction with the intent it sells. */
  static final class Live {
    final Intent intent;
    final Auction auction;
    final long openedAtMillis;
    volatile boolean windowOver;
    volatile Auction.Award award;

    /** The number of the feed event that announced it; 0 until then. */
    volatile long announced;

    /** Reopened after a take-over or restart from {@code AUCTIONING}. */
    volatile boolean resumedFromAuction;

    /** When bidding closed, unix millis; 0 while open. */
    volatile long closedAtMillis;

    /** The trade booked from the fill, once reported. */
    volatile Trade trade;

    Live(Intent intent, Auction auction, long openedAtMillis) {
      this.intent = intent;
      this.auction = auction;
      this.openedAtMillis = openedAtMillis;
    }
  }

  private final Map<OrderId, Live> auctions = new ConcurrentHashMap<>();
  private final AwardLog awards;

  /** New intents whose auctions the timer has yet to open; {@link #opening} while it is asked. */
  private final Queue<Intent> toOpen = new ConcurrentLinkedQueue<>();

  private final AtomicBoolean opening = new AtomicBoolean();

  /** Closed auctions, kept for the public competition view (the most recent 10,000). */
  private final Map<OrderId, Live> finished =
      Collections.synchronizedMap(
          new LinkedHashMap<>(256, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<OrderId, Live> eldest) {
              return size() > 10_000;
            }
          });

  /** The auctions opened lately, newest last, for {@code GET /v1/auctions} (the last 1,000). */
  private final RecentAuctions recent = new RecentAuctions(1_000);

  private final AuctionSettings settings;
  private final IntentStore store;
  private final IntentEvents events;
  private final IntakePolicy policy;
  private final MarginBook engine;
  private final MarginInputs inputs;
  private final Clock clock;
  private final SolverRegistry registry;
  // one instance for every auction: a method reference made per auction was an object each
  private final ToLongFunction<Address> reputation;
  private final SolverFeed feed;
  private final SignatureRecovery recovery;
  private final SignatureCheck signatures;
  private final Scheduler timer;
  private final Executor awarding;
  private final AuctionMetrics metrics;

  /**
   * @param events where this house announces the status changes it makes (it listens to the same
   *     stream for new intents: subscribe it with {@code IntentEventBus.listen})
   * @param timer opens auctions and ends windows and fill windows
   * @param awarding where auctions close and award. With a store in this process the award runs
   *     right where the auction became ready to close ({@code Runnable::run}): a hand-off to
   *     another thread costs more than the award, and under load the wait for that thread is most
   *     of the award latency. A store across the network must not be waited on from an event loop,
   *     so then awards run on threads of their own (several: each auction's award holds only its
   *     own auction, and each waits on the store and the ledger); restored awards and fill timeouts
   *     are handed to them too.
   * @param awards where awards not yet filled are kept for a successor (shared in a cluster)
   */
  public AuctionHouse(
      AuctionSettings settings,
      IntentStore store,
      IntentEvents events,
      IntakePolicy policy,
      MarginBook engine,
      MarginInputs inputs,
      Clock clock,
      SolverRegistry registry,
      SolverFeed feed,
      SignatureRecovery recovery,
      Scheduler timer,
      Executor awarding,
      AuctionMetrics metrics,
      AwardLog awards) {
    this.awards = awards;
    this.settings = settings;
    this.store = store;
    this.events = events;
    this.policy = policy;
    this.engine = engine;
    this.inputs = inputs;
    this.clock = clock;
    this.registry = registry;
    this.reputation = registry::score;
    this.feed = feed;
    // off the caller's thread when awards run on their own (a store across the network): a
    // stream may open on an event loop, and an auction's lock can be held across a Redis call
    feed.onConnect(c -> awarding.execute(() -> solverConnected(c)));
    this.recovery = recovery;
    this.signatures = new SignatureCheck(recovery);
    this.timer = timer;
    this.awarding = awarding;
    this.metrics = metrics;
  }

  public SolverRegistry registry() {
    return registry;
  }

  @Override
  public void statusChanged(Intent intent, StatusChange change) {
    if (change.status() == IntentStatus.OPEN && intent.data() instanceof MarginOrder) {
      toOpen.add(intent);
      if (opening.compareAndSet(false, true)) {
        timer.execute(this::openWaiting);
      }
    } else if (change.status() == IntentStatus.CANCELLED
        || change.status() == IntentStatus.EXPIRED) {
      Live live = finish(intent.id());
      if (live != null) {
        live.auction.cancel();
      }
    }
  }

  /**
   * {@link #resume} of every intent given, the auctions to reopen {@value #OPEN_BATCH} per call to
   * the store.
   */
  public void resumeAll(List<Intent> intents) {
    Map<IntentStatus, List<Intent>> reopen = new EnumMap<>(IntentStatus.class);
    for (Intent intent : intents) {
      boolean auction =
          intent.data() instanceof MarginOrder
              && (intent.status() == IntentStatus.OPEN
                  || intent.status() == IntentStatus.AUCTIONING);
      if (auction) {
        reopen.computeIfAbsent(intent.status(), s -> new ArrayList<>()).add(intent);
      } else {
        resume(intent);
      }
    }
    reopen.forEach(
        (from, all) -> {
          for (int at = 0; at < all.size(); at += OPEN_BATCH) {
            List<Intent> batch = all.subList(at, Math.min(all.size(), at + OPEN_BATCH));
            timer.execute(() -> openAll(batch, from));
          }
        });
  }

  /**
   * The first step of a take-over that serves before it has read every live intent: restores the
   * awards a former owner kept (a few, against the many auctions), ahead of the reopenings that
   * queue on the timer behind them. Answers the intents it resumed, which {@link #resumeRest} then
   * leaves alone.
   */
  public Set<OrderId> resumeAwards() {
    Set<OrderId> resumed = new HashSet<>();
    for (Intent intent : store.findAll(awards.kept())) {
      if (intent.status() == IntentStatus.AWARDED) {
        resume(intent);
        resumed.add(intent.id());
      }
    }
    return resumed;
  }

  /**
   * The rest of that take-over, a page of live intents at a time while this replica serves: {@link
   * #resumeAll} of the page, except an awarded intent that {@link #resumeAwards} resumed or that
   * this house awarded since (a page may be read after that; it is looked for among the running
   * auctions, then the finished, which an auction enters before it leaves the running). An awarded
   * intent this house never auctioned is a former owner's whose award was not kept: it fails, as at
   * any restart. An auction that runs or ran here is not opened again ({@link #claim}).
   */
  public void resumeRest(List<Intent> page, Set<OrderId> awardsResumed) {
    resumeAll(
        page.stream()
            .filter(
                i ->
                    i.status() != IntentStatus.AWARDED
                        || !(awardsResumed.contains(i.id())
                            || auctions.containsKey(i.id())
                            || finished.containsKey(i.id())))
            .toList());
  }

  /**
   * Runs {@code then} once every auction {@link #resume resumed} before this call has opened (or
   * found its intent moved on): the timer opens them in order, and this comes after them.
   */
  public void afterResumed(Runnable then) {
    timer.execute(then);
  }

  /**
   * After a restart or a take-over: auctions lived in memory, so an intent left open or in auction
   * is auctioned again (its bids are gone; solvers bid anew). An award whose fill was never
   * reported is restored from the {@link AwardLog} with the bids behind it; one not kept there, or
   * whose deadline passed with no bid behind it, is failed, freeing the trader's margin.
   */
  public void resume(Intent intent) {
    if (!(intent.data() instanceof MarginOrder)) {
      return;
    }
    switch (intent.status()) {
      case OPEN, AUCTIONING -> timer.execute(() -> open(intent, intent.status()));
      case AWARDED -> {
        if (engine.booked(intent.order().user(), intent.id())) {
          // the owner booked the trade and died before the intent said so: it is filled
          filledBefore(intent.id(), "the hub restarted");
          return;
        }
        // an award whose deadline passed during the take-over is restored too if bids stand
        // behind it: its winner faded, and the award passes on as it would have on the owner
        Optional<AwardRecord> kept =
            awards
                .find(intent.id())
                .filter(a -> a.fillDeadlineMillis() > clock.millis() || !a.runnerUps().isEmpty());
        if (kept.isPresent()) {
          // on the award threads: it waits on the ledger, which the timer must not
          timer.execute(() -> awarding.execute(() -> restoreAward(intent, kept.get())));
        } else {
          if (move(
              intent.id(),
              EnumSet.of(IntentStatus.AWARDED),
              IntentStatus.FAILED,
              "the hub restarted before the fill was reported")) {
            engine.release(intent.order().user(), intent.id());
          }
          awards.forget(intent.id());
        }
      }
      default -> {
        // terminal: nothing to resume
      }
    }
  }

  /**
   * Opens the auctions of the new intents waiting, up to {@value #OPEN_BATCH} in one status move:
   * under load the timer finds many, and one call to the store each (a Redis round trip the timer
   * waits for) was most of its time. A quiet house opens each on its own, as it comes.
   */
  private void openWaiting() {
    List<Intent> batch = new ArrayList<>();
    for (Intent next; batch.size() < OPEN_BATCH && (next = toOpen.poll()) != null; ) {
      batch.add(next);
    }
    try {
      if (batch.size() == 1) {
        open(batch.get(0), IntentStatus.OPEN);
      } else if (!batch.isEmpty()) {
        openAll(batch, IntentStatus.OPEN);
      }
    } catch (RuntimeException e) {
      // abandoned already: a peer's hand-off again, the stranded sweep or a take-over reopens it
      LOG.log(Level.WARNING, "opening the auction of " + batch.get(0).id() + " failed", e);
    } finally {
      opening.set(false);
      // one that came after the poll and found the flag still set is opened by the next run
      if (!toOpen.isEmpty() && opening.compareAndSet(false, true)) {
        timer.execute(this::openWaiting);
      }
    }
  }

  private void open(Intent intent, IntentStatus from) {
    open(intent, from, EnumSet.of(from));
  }

  /** Opens from {@code from}, its status moved if it is in {@code movable}. */
  private void open(Intent intent, IntentStatus from, Set<IntentStatus> movable) {
    long now = clock.millis();
    long closesAt = now + settings.window().toMillis();
    Live live = newLive(intent, now, closesAt, from);
    if (!claim(live)) {
      return; // opened already (a take-over's resume and a peer's hand-off of the same intent)
    }
    boolean moved;
    try {
      moved = move(intent.id(), movable, IntentStatus.AUCTIONING, openReason(closesAt, from));
    } catch (RuntimeException e) {
      abandon(live); // the store failed: a later hand-off, sweep or take-over may open it again
      throw e;
    }
    if (moved) {
      announce(live);
    } else {
      abandon(live);
    }
  }

  /**
   * Opens many auctions at once, {@code from} the status their intents were read in (new ones, or
   * those a take-over reopens): their status moves in one call to the store rather than one each,
   * which on the auction timer went ahead of every new auction (190,000 reopened one by one after a
   * take-over took a minute).
   */
  private void openAll(List<Intent> intents, IntentStatus from) {
    long now = clock.millis();
    long closesAt = now + settings.window().toMillis();
    List<Live> toOpenNow = new ArrayList<>(intents.size());
    for (Intent intent : intents) {
      Live live = newLive(intent, now, closesAt, from);
      if (claim(live)) {
        toOpenNow.add(live);
      }
    }
    StatusChange change =
        new StatusChange(IntentStatus.AUCTIONING, clock.instant(), openReason(closesAt, from));
    List<Boolean> moved;
    try {
      moved =
          store.moveAll(
              toOpenNow.stream().map(l -> l.intent.id()).toList(), EnumSet.of(from), change);
    } catch (RuntimeException e) {
      // some may have moved before the failure: each is opened again on its own, from the status
      // it was read in or from AUCTIONING, where the failed call may have moved it (claim keeps it
      // to one auction here)
      toOpenNow.forEach(this::abandon);
      LOG.log(
          Level.WARNING,
          "opening " + toOpenNow.size() + " auctions at once failed (" + e + "): one by one now");
      toOpenNow.forEach(
          l ->
              timer.execute(() -> open(l.intent, from, EnumSet.of(from, IntentStatus.AUCTIONING))));
      return;
    }
    for (int i = 0; i < toOpenNow.size(); i++) {
      Live live = toOpenNow.get(i);
      if (moved.get(i)) {
        // the intent as announced or read at a take-over, moved from the status it was read in
        events.statusChanged(live.intent.with(change), change);
        announce(live);
      } else {
        abandon(live);
      }
    }
  }

  /**
   * Makes {@code live} its intent's running auction, unless one runs or ran here already: an intent
   * read before its auction here ended (a take-over's page) may still say {@code AUCTIONING} until
   * the auction's last status move lands, and must not be auctioned twice. {@link #end} lists an
   * auction among the finished before it leaves the running, so one of the two looks finds it.
   */
  private boolean claim(Live live) {
    OrderId id = live.intent.id();
    if (auctions.putIfAbsent(id, live) != null) {
      return false;
    }
    if (finished.containsKey(id)) {
      auctions.remove(id, live);
      return false;
    }
    return true;
  }

  /**
   * Drops an auction whose opening did not move its intent, unless it went on meanwhile: an intent
   * left {@code AUCTIONING} by a former owner may be bid on and awarded before its status move
   * answers, and that award must stay where its winner's fill finds it.
   */
  private void abandon(Live live) {
    synchronized (live) {
      if (live.auction.state() == Auction.State.BIDDING) {
        auctions.remove(live.intent.id(), live);
      }
    }
  }

  private Live newLive(Intent intent, long now, long closesAt, IntentStatus from) {
    AuctionTerms terms = terms(intent, closesAt);
    Auction auction =
        new Auction(
            terms,
            policy.domain(),
            recovery,
            registry,
            reputation,
            connectedEligible(),
            settings.maxRejectedBids(),
            bid -> clearingTerms(intent, bid));
    Live live = new Live(intent, auction, now);
    live.resumedFromAuction = from == IntentStatus.AUCTIONING;
    return live;
  }

  private static String openReason(long closesAt, IntentStatus from) {
    String reopened = from == IntentStatus.AUCTIONING ? " (reopened after a restart)" : "";
    return "auction open until " + Instant.ofEpochMilli(closesAt) + reopened;
  }

  /** An auction whose intent is now {@code AUCTIONING}: told to the solvers, its window timed. */
  private void announce(Live live) {
    recent.opened(live);
    synchronized (live) { // a stream opening now sees the announcement's number or none yet
      if (auctions.get(live.intent.id()) != live || live.auction.state() != Auction.State.BIDDING) {
        return; // cancelled or expired, or bid on and awarded, since its intent moved
      }
      live.announced =
          feed.publish(
              SolverFeed.auction(live.auction.terms(), ((MarginOrder) live.intent.data()).market()),
              null);
    }
    timer.schedule(() -> windowEnds(live), settings.window().toMillis());
  }

  /**
   * The clearing house's terms for a bid: a solver never trades with itself, and (with risk checks
   * on) a price lies within the band around the market's fresh index; a bid that cannot be checked
   * against a fresh index is out of band too.
   */
  private Optional<BidRejection> clearingTerms(Intent intent, SolverBid bid) {
    if (bid.solver().equals(intent.order().user())) {
      return Optional.of(BidRejection.SELF_TRADE);
    }
    if (!settings.riskChecks()) {
      return Optional.empty();
    }
    BigInteger price = bid.price().toBigInteger();
    MarginOrder order = (MarginOrder) intent.data();
    Optional<BigInteger> index = engine.indexPrice(order.market().symbol());
    boolean inBand =
        index.isPresent() && price.subtract(index.get()).abs().compareTo(band(index.get())) <= 0;
    return inBand ? Optional.empty() : Optional.of(BidRejection.PRICE_OUT_OF_BAND);
  }

  private BigInteger band(BigInteger index) {
    return Wad.mulDown(index, settings.maxDeviation());
  }

  private static AuctionTerms terms(Intent intent, long closesAt) {
    MarginOrder order = (MarginOrder) intent.data();
    return new AuctionTerms(
        intent.id(),
        order.isBuy() ? AuctionTerms.Side.BUY : AuctionTerms.Side.SELL,
        order.size().toBigInteger(),
        order.limitPrice().toBigInteger(),
        order.maxFee().toBigInteger(),
        closesAt,
        intent.order().fillDeadline());
  }

  /**
   * A solver whose stream opens is waited for in the auctions still bidding that it hears of (its
   * stream replays their announcement), if it may bid; one that starts "from now", or resumes from
   * before what the feed keeps, is not told of them and is not waited for.
   */
  private void solverConnected(SolverFeed.Connection c) {
    if (registry.apply(c.solver()).isPresent()) {
      return;
    }
    for (Live live : auctions.values()) {
      synchronized (live) {
        // not announced yet: the stream, open already, hears the announcement as it is published
        if (live.announced == 0 || c.hears(live.announced)) {
          live.auction.connected(c.solver());
          // it may have answered already, from the replay, and been the last one awaited
          if (live.auction.state() == Auction.State.BIDDING
              && live.auction.everyoneAnswered()
              && live.auction.hasLiveBid()) {
            closeSoon(live, System.nanoTime());
          }
        }
      }
    }
  }

  /** Solvers streaming now and allowed to bid: the auction may close once all have bid. */
  private Set<Address> connectedEligible() {
    Set<Address> connected = new HashSet<>();
    for (Address solver : feed.connected()) {
      if (registry.apply(solver).isEmpty()) {
        connected.add(solver);
      }
    }
    return connected;
  }

  private void windowEnds(Live live) {
    long now = System.nanoTime();
    synchronized (live) {
      live.windowOver = true;
      // an auction that closed early (everyone answered) was awarded already
      if (live.auction.state() == Auction.State.BIDDING && live.auction.hasLiveBid()) {
        closeSoon(live, now);
      }
    }
  }

  /** A bid over HTTP: its signature is checked on arrival. */
  public Optional<PlacedBid> bid(OrderId id, SolverBid bid, Signature signature) {
    return place(id, (auction, at) -> auction.submit(bid, signature, at));
  }

  /**
   * A bid over the session socket of {@code solver}, whose key the session proved: its signature is
   * checked when it could win (see {@link Auction#submitFromSession}).
   */
  public Optional<PlacedBid> bidFromSession(
      Address solver, OrderId id, SolverBid bid, Signature signature) {
    return place(id, (auction, at) -> auction.submitFromSession(solver, bid, signature, at));
  }

  private interface Submission {
    PlacedBid submit(Auction auction, long atMillis);
  }

  private Optional<PlacedBid> place(OrderId id, Submission submission) {
    Live live = auctions.get(id);
    if (live == null) {
      live = finished.get(id); // answered with auction-closed or auction-cancelled
    }
    if (live == null) {
      return Optional.empty();
    }
    synchronized (live) {
      long now = clock.millis();
      // after an empty window the auction waits for its first valid bid, which wins at once
      long at =
          live.windowOver && live.auction.state() == Auction.State.BIDDING
              ? Math.min(now, live.auction.terms().closesAtMillis() - 1)
              : now;
      PlacedBid placed = submission.submit(live.auction, at);
      if (placed.rejected() == null) {
        registry.responded(placed.solver(), now - live.openedAtMillis);
        if (live.windowOver || live.auction.everyoneAnswered()) {
          closeSoon(live, System.nanoTime());
        }
      }
      return Optional.of(placed);
    }
  }

  /**
   * A connected solver passes: once everyone has answered and a bid stands, the auction closes
   * before its window. Answers false if there is no running auction for {@code id}.
   */
  public boolean decline(OrderId id, Address solver) {
    Live live = auctions.get(id);
    if (live == null) {
      return false;
    }
    synchronized (live) {
      live.auction.decline(solver);
      if (live.auction.state() == Auction.State.BIDDING
          && live.auction.everyoneAnswered()
          && live.auction.hasLiveBid()) {
        closeSoon(live, System.nanoTime());
      }
      return true;
    }
  }

  /**
   * Closes the auction on {@link #awarding} unless something else closed it first; the award
   * latency is timed from {@code closableAtNanos}, when the auction could first close.
   */
  private void closeSoon(Live live, long closableAtNanos) {
    awarding.execute(
        () -> {
          synchronized (live) {
            if (live.auction.state() == Auction.State.BIDDING) {
              Optional<Auction.Award> award = live.auction.close();
              if (live.auction.state() == Auction.State.BIDDING) {
                LOG.log(
                    Level.INFO,
                    "auction "
                        + live.intent.id()
                        + ": no bid held its signature; waiting for a valid one");
                return;
              }
              closed(live);
              award(live, award);
              metrics.awardLatency(System.nanoTime() - closableAtNanos);
            }
          }
        });
  }

  private void award(Live live, Optional<Auction.Award> award) {
    OrderId id = live.intent.id();
    if (award.isEmpty()) {
      finish(id);
      move(
          id,
          EnumSet.of(IntentStatus.AWARDED, IntentStatus.AUCTIONING),
          IntentStatus.FAILED,
          "no solver filled");
      return;
    }
    if (failedPastFillDeadline(live)) {
      return;
    }
    Auction.Award a = award.get();
    BigInteger price = a.bid().bid().price().toBigInteger();
    if (settings.riskChecks() && !marginHolds(live, price)) {
      return;
    }
    if (settings.riskChecks() && !solverCanCarry(live, a)) {
      award(live, live.auction.pass(BidRejection.SOLVER_INSUFFICIENT_MARGIN)); // not a fade
      return;
    }
    long now = clock.millis();
    long deadlineMillis =
        Math.min(
            now + settings.fillWindow().toMillis(),
            live.auction.terms().fillDeadlineSeconds() * 1000);
    // kept before the intent is AWARDED and before the winner hears of it: a successor that finds
    // the intent AWARDED finds its award, and the bids behind it. Every award, the first or one
    // passed on by a fade or a pass, comes here
    awards.awarded(id, AwardRecord.of(a, live.auction, deadlineMillis));
    // the award takes effect only if the intent is still being auctioned: a cancel or an expiry
    // that won the race leaves nothing behind (no award sent, no margin held, nothing kept)
    if (!move(
        id,
        EnumSet.of(IntentStatus.AUCTIONING, IntentStatus.AWARDED),
        IntentStatus.AWARDED,
        "awarded to "
            + a.bid().solver()
            + " at "
            + Wad.format(price)
            + " (rank "
            + a.rank()
            + ")")) {
      awards.forget(id); // the award kept above, whatever finish() would decide
      end(id);
      live.auction.cancel();
      engine.release(live.intent.order().user(), id);
      engine.release(a.bid().solver(), id);
      return;
    }
    live.award = a;
    registry.awarded(a.bid().solver());
    tellWinner(live, a);
    timer.schedule(
        () -> awarding.execute(() -> fillTimeout(live, a)), Math.max(0, deadlineMillis - now));
  }

  /**
   * No one can fill once the order's fill deadline has passed: awarding the next bid would only
   * fade it at once, so the intent fails instead. Answers whether it did.
   */
  private boolean failedPastFillDeadline(Live live) {
    if (live.auction.terms().fillDeadlineSeconds() * 1000 > clock.millis()) {
      return false;
    }
    OrderId id = live.intent.id();
    finish(id);
    live.award = null; // a fill timer still pending for the former award finds nothing to fade
    live.auction.cancel();
    engine.release(live.intent.order().user(), id);
    move(
        id,
        EnumSet.of(IntentStatus.AWARDED, IntentStatus.AUCTIONING),
        IntentStatus.FAILED,
        "the order's fill deadline passed before a solver filled");
    return true;
  }

  private void tellWinner(Live live, Auction.Award a) {
    MarginOrder order = (MarginOrder) live.intent.data();
    feed.publish(
        SolverFeed.award(live.auction.terms(), order.market(), a.bid().bid()), a.bid().solver());
  }

  /**
   * An award the former owner made and kept (see {@link AwardLog}): the same award stands here,
   * with the margin both sides hold for it, until the same fill deadline. Its winner is told again
   * (a session that dropped with the former owner may have missed it, or lost its fill report); the
   * award itself is not made again, and a fill is booked once. The bids the owner ranked behind it
   * stand behind it here: a fade or a pass awards the next of them as the owner would have; a
   * winner whose deadline passed during the take-over has faded, and the next of them is awarded at
   * once.
   */
  private void restoreAward(Intent intent, AwardRecord kept) {
    long now = clock.millis();
    Auction auction =
        new Auction(
            terms(intent, now),
            policy.domain(),
            recovery,
            registry,
            reputation,
            Set.of(),
            settings.maxRejectedBids(),
            bid -> Optional.empty());
    Live live = new Live(intent, auction, now);
    live.windowOver = true;
    auctions.put(intent.id(), live);
    recent.opened(live);
    synchronized (live) {
      Auction.Award a = auction.restoreAward(kept.placed(), kept.standing()).orElseThrow();
      live.award = a; // the award stands here: an auction that ends from now on forgets it
      closed(live);
      if (kept.fillDeadlineMillis() <= now) {
        // the winner's fill window ran out during the take-over, when its fill report may have
        // found no owner: the award passes on, and the winner is not counted as having faded
        LOG.log(
            Level.INFO,
            "auction "
                + intent.id()
                + ": the fill window of "
                + a.bid().solver()
                + " ran out during the take-over; the award passes on");
        award(live, auction.fade());
        return;
      }
      BigInteger price = a.bid().bid().price().toBigInteger();
      if (settings.riskChecks() && !marginHolds(live, price)) {
        return;
      }
      if (settings.riskChecks() && !solverCanCarry(live, a)) {
        award(live, auction.pass(BidRejection.SOLVER_INSUFFICIENT_MARGIN)); // not a fade
        return;
      }
      LOG.log(
          Level.INFO,
          "auction " + intent.id() + ": the award to " + a.bid().solver() + " taken over");
      tellWinner(live, a);
      timer.schedule(
          () -> awarding.execute(() -> fillTimeout(live, a)),
          Math.max(0, kept.fillDeadlineMillis() - now));
    }
  }

  /**
   * Re-runs the trader's margin check at the winning price, moving its reservation there; a trader
   * who cannot carry the order at that price is {@code REJECTED} with the numbers.
   */
  private boolean marginHolds(Live live, BigInteger price) {
    OrderId id = live.intent.id();
    MarginOrder order = (MarginOrder) live.intent.data();
    Address owner = live.intent.order().user();
    Decision d =
        engine.reprice(
            owner,
            id,
            new ProposedChange.Order(
                order.market().symbol(),
                order.isBuy(),
                order.size().toBigInteger(),
                price,
                order.reduceOnly()));
    if (d.accepted()) {
      return true;
    }
    // asked before anything is undone: should the ledger fail to answer, the award stands
    boolean booked = d.reason() == Decision.Reason.INTENT_CLOSED && engine.booked(owner, id);
    finish(id);
    live.award = null; // a fill timer still pending for a former award finds nothing to fade
    live.auction.cancel();
    if (booked) {
      // on a partitioned ledger the former owner's fill was in the log but not yet applied when
      // this owner resumed the award: the trade is booked, and the intent is filled
      filledBefore(id, "the take-over");
      return false;
    }
    move(
        id,
        EnumSet.of(IntentStatus.AUCTIONING, IntentStatus.AWARDED),
        IntentStatus.REJECTED,
        "margin check at the winning price " + Wad.format(price) + ": " + explain(d));
    return false;
  }

  /** An award whose trade a former owner booked: the intent is filled, the award forgotten. */
  private void filledBefore(OrderId id, String when) {
    move(
        id,
        EnumSet.of(IntentStatus.AUCTIONING, IntentStatus.AWARDED),
        IntentStatus.FILLED,
        "filled: the trade was booked before " + when);
    awards.forget(id);
  }

  /**
   * The winning solver is the trader's counterparty: its own pre-trade check runs with the opposite
   * position at its bid price, and holds that margin until the fill (or a fade) releases it.
   */
  private boolean solverCanCarry(Live live, Auction.Award a) {
    MarginOrder order = (MarginOrder) live.intent.data();
    Decision d =
        engine.reserve(
            a.bid().solver(),
            live.intent.id(),
            new ProposedChange.Order(
                order.market().symbol(),
                !order.isBuy(),
                order.size().toBigInteger(),
                a.bid().bid().price().toBigInteger(),
                false));
    if (!d.accepted()) {
      LOG.log(
          Level.INFO,
          "auction "
              + live.intent.id()
              + ": "
              + a.bid().solver()
              + " cannot carry the trade ("
              + d.reason()
              + "); the award passes on");
    }
    return d.accepted();
  }

  private static String explain(Decision d) {
    if (d.after() == null) {
      return d.reason().toString();
    }
    return d.reason()
        + ", AV_i "
        + Wad.format(d.after().avInitial())
        + ", IMR "
        + Wad.format(d.after().imr())
        + ", shortfall "
        + Wad.format(d.shortfall());
  }

  private void fillTimeout(Live live, Auction.Award a) {
    synchronized (live) {
      if (live.award == a && live.auction.state() == Auction.State.AWARDED) {
        LOG.log(
            Level.WARNING,
            "auction " + live.intent.id() + ": " + a.bid().solver() + " did not fill in time");
        registry.faded(a.bid().solver());
        engine.release(a.bid().solver(), live.intent.id());
        award(live, live.auction.fade());
      }
    }
  }

  /** What a fill report did. */
  public enum FillOutcome {
    FILLED,
    FADED,
    /** The report's size or price is not the award's: refused, the award stands. */
    FILL_MISMATCH,
    NOT_THE_WINNER,
    NO_AUCTION
  }

  /**
   * The winner reports its fill; a report unlike its bid passes the award on. A good fill completes
   * once the margin engine has applied it and the intent is {@code FILLED}; no thread waits for the
   * engine meanwhile.
   *
   * @throws io.omnimargin.hub.problem.Refusal {@code bad-signature} when no key recovers from the
   *     signature
   */
  public CompletionStage<FillOutcome> fill(FillReport report, Signature signature) {
    Live live = auctions.get(report.orderId());
    if (live == null) {
      return CompletableFuture.completedFuture(FillOutcome.NO_AUCTION);
    }
    Address signer = signatures.recover(report.digest(policy.domain()), signature);
    synchronized (live) {
      Auction.Award a = live.award;
      if (a == null || !signer.equals(report.solver()) || !a.bid().solver().equals(signer)) {
        return CompletableFuture.completedFuture(FillOutcome.NOT_THE_WINNER);
      }
      // the booked price is the bid's, never the reported one: the report only confirms the award
      if (!report.size().toBigInteger().equals(live.auction.terms().size())
          || !report.price().equals(a.bid().bid().price())) {
        return CompletableFuture.completedFuture(FillOutcome.FILL_MISMATCH);
      }
      boolean ok =
          live.auction.reportFill(
              new Auction.Fill(
                  signer,
                  report.venueChainId(),
                  report.txHash().toHex(),
                  report.size().toBigInteger(),
                  report.price().toBigInteger()));
      if (!ok) {
        registry.faded(signer);
        engine.release(signer, live.intent.id());
        award(live, live.auction.fade());
        return CompletableFuture.completedFuture(FillOutcome.FADED);
      }
      registry.filled(signer);
      // the award stays kept until the intent says FILLED: an owner that dies before the trade
      // is booked leaves it to its successor to restore
      end(report.orderId());
      return book(live, a, report);
    }
  }

  /**
   * Books the award as a trade between the trader (taker) and the solver (maker) at the bid's price
   * with the bid's fee to the solver and the protocol fee to the fee pool; the intent is FILLED
   * once the engine has it.
   */
  private CompletionStage<FillOutcome> book(Live live, Auction.Award a, FillReport report) {
    MarginOrder order = (MarginOrder) live.intent.data();
    BigInteger size = order.size().toBigInteger();
    BigInteger price = a.bid().bid().price().toBigInteger();
    BigInteger protocolFee =
        Position.notional(size, price)
            .multiply(BigInteger.valueOf(settings.takerFeeBasisPoints()))
            .divide(BigInteger.valueOf(10_000));
    Trade trade =
        new Trade(
            order.market().symbol(),
            live.intent.order().user(),
            a.bid().solver(),
            order.isBuy() ? size : size.negate(),
            price,
            a.bid().bid().fee().toBigInteger(),
            protocolFee);
    live.trade = trade;
    String filled =
        "filled by "
            + a.bid().solver()
            + " at "
            + Wad.format(price)
            + " (venue chain "
            + report.venueChainId()
            + ", reference "
            + report.txHash()
            + ")";
    return inputs
        .applyAsync(new EngineInput.Fill(trade, report.orderId()))
        .handle((revalued, refused) -> filled(report.orderId(), filled, refused));
  }

  private FillOutcome filled(OrderId id, String filled, Throwable refused) {
    if (refused != null) {
      // filled on its venue but not in the accounts: the operator must look
      LOG.log(Level.ERROR, "auction " + id + ": the margin engine refused the fill", refused);
    }
    move(
        id,
        EnumSet.of(IntentStatus.AWARDED),
        IntentStatus.FILLED,
        refused == null
            ? filled
            : filled + "; the margin engine refused it: " + refused.getMessage());
    awards.forget(id);
    return FillOutcome.FILLED;
  }

  /** The auction of an intent, running or recently finished. */
  public Optional<Auction> auction(OrderId id) {
    Live live = auctions.get(id);
    return Optional.ofNullable(live != null ? live : finished.get(id)).map(l -> l.auction);
  }

  /**
   * How many auctions this house holds now: bidding, or awarded and waiting for their fill. Each is
   * held in memory until it ends, so an operator watches this with the heap.
   */
  public int running() {
    return auctions.size();
  }

  /** The auctions opened lately, newest first, at most {@code limit}. */
  public List<AuctionRecord> recent(int limit) {
    return recent.newest(limit).stream().map(AuctionHouse::record).toList();
  }

  /** The public record of an intent's auction, running or recently finished. */
  public Optional<AuctionRecord> record(OrderId id) {
    Live live = auctions.get(id);
    return Optional.ofNullable(live != null ? live : finished.get(id)).map(AuctionHouse::record);
  }

  private static AuctionRecord record(Live live) {
    return AuctionRecord.of(live, ((MarginOrder) live.intent.data()).market().symbol());
  }

  private void closed(Live live) {
    if (live.closedAtMillis == 0) {
      live.closedAtMillis = clock.millis();
    }
  }

  private Live finish(OrderId id) {
    Live live = end(id);
    if (live != null && (live.award != null || live.resumedFromAuction)) {
      // only an auction that awarded kept anything, or one a former owner may have begun to award
      // (its award kept, the owner dead before the intent said AWARDED)
      awards.forget(id);
    }
    return live;
  }

  /** The auction ends here; what {@link AwardLog} keeps of it stays. */
  private Live end(OrderId id) {
    Live live = auctions.get(id);
    if (live != null) {
      closed(live);
      // among the finished before it leaves the running: a take-over's page, which looks in the
      // running first and then in the finished, finds it in one or the other (resumeRest)
      finished.put(id, live);
      if (!auctions.remove(id, live)) {
        return null; // ended meanwhile by another thread
      }
    }
    return live;
  }

  private boolean move(OrderId id, Set<IntentStatus> from, IntentStatus to, String reason) {
    StatusChange change = new StatusChange(to, clock.instant(), reason);
    if (store.transition(id, from, change) instanceof TransitionOutcome.Applied applied) {
      events.statusChanged(applied.intent(), change);
      return true;
    }
    return false;
  }
}
