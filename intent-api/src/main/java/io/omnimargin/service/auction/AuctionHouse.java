package io.omnimargin.service.auction;

import io.omnimargin.auction.book.Auction;
import io.omnimargin.auction.book.AuctionTerms;
import io.omnimargin.auction.book.PlacedBid;
import io.omnimargin.auction.solver.SolverRegistry;
import io.omnimargin.hub.intake.IntakePolicy;
import io.omnimargin.hub.intent.Intent;
import io.omnimargin.hub.intent.IntentEvents;
import io.omnimargin.hub.intent.IntentStatus;
import io.omnimargin.hub.intent.IntentStore;
import io.omnimargin.hub.intent.StatusChange;
import io.omnimargin.hub.intent.TransitionOutcome;
import io.omnimargin.margin.decision.Decision;
import io.omnimargin.margin.decision.ProposedChange;
import io.omnimargin.margin.engine.EngineInput;
import io.omnimargin.margin.engine.MarginEngine;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.protocol.crypto.Secp256k1Provider;
import io.omnimargin.protocol.crypto.Signature;
import io.omnimargin.protocol.eip712.FillReport;
import io.omnimargin.protocol.eip712.MarginOrder;
import io.omnimargin.protocol.eip712.SolverBid;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.OrderId;
import io.omnimargin.service.config.OmnimarginConfig;
import io.omnimargin.service.margin.stream.MarginInputs;
import io.omnimargin.service.wiring.IntentEventHub;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.math.BigInteger;
import java.time.Clock;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Runs a sealed-bid auction for every accepted margin order: {@code OPEN → AUCTIONING} at once; at
 * the window's end the best bid is awarded ({@code AWARDED}) after the margin check is re-run at
 * its price (refused: {@code REJECTED} with the numbers); the winner has until the fill window ends
 * to report its fill ({@code FILLED}, and the fill reaches the margin engine), otherwise, or if its
 * fill is not its bid, the award passes to the next bid and the fade counts against it. A window
 * that ends without a valid bid stays open: the first valid bid after it wins at once, until the
 * order's {@code openDeadline} expires it.
 */
@Startup
@Singleton
public class AuctionHouse implements IntentEvents {
  private static final Logger LOG = Logger.getLogger(AuctionHouse.class);

  /** One running auction with the intent it sells. */
  static final class Live {
    final Intent intent;
    final Auction auction;
    final long openedAtMillis;
    volatile boolean windowOver;
    volatile Auction.Award award;

    Live(Intent intent, Auction auction, long openedAtMillis) {
      this.intent = intent;
      this.auction = auction;
      this.openedAtMillis = openedAtMillis;
    }
  }

  private final Map<OrderId, Live> auctions = new ConcurrentHashMap<>();

  /** Closed auctions, kept for the public competition view (the most recent 10,000). */
  private final Map<OrderId, Live> finished =
      java.util.Collections.synchronizedMap(
          new java.util.LinkedHashMap<>(256, 0.75f, false) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<OrderId, Live> eldest) {
              return size() > 10_000;
            }
          });

  private final IntentStore store;
  private final IntentEventHub events;
  private final IntakePolicy policy;
  private final MarginEngine engine;
  private final MarginInputs inputs;
  private final Clock clock;
  private final OmnimarginConfig.Auction config;
  private final boolean gate;
  private final SolverRegistry registry;
  private final SolverFeed feed;
  private final io.micrometer.core.instrument.Timer awardTimer;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(daemon("auction-timer"));

  /**
   * Where auctions close and award. With a store in this process the award runs right where the
   * auction became ready to close (the event loop that read the last bid, or the timer): a hand-off
   * to another thread costs more than the award, and under load the wait for that thread is most of
   * the award latency. A store across the network (Redis) must not be waited on from an event loop,
   * so then awards run one at a time on a thread of their own.
   */
  private final java.util.concurrent.Executor awarding;

  private final java.util.concurrent.ExecutorService awardThread;

  AuctionHouse(
      OmnimarginConfig config,
      IntentStore store,
      IntentEventHub events,
      IntakePolicy policy,
      MarginEngine engine,
      MarginInputs inputs,
      Clock clock,
      SolverFeed feed,
      io.micrometer.core.instrument.MeterRegistry metrics) {
    this.feed = feed;
    this.awardThread =
        store.remote() ? Executors.newSingleThreadExecutor(daemon("auction-award")) : null;
    this.awarding = awardThread != null ? awardThread : Runnable::run;
    this.awardTimer =
        io.micrometer.core.instrument.Timer.builder("omnimargin.auction.award")
            .description(
                "From the moment an auction may close (its window ended, or every connected"
                    + " solver answered) to the award sent to the winner's stream")
            .publishPercentiles(0.5, 0.99)
            .register(metrics);
    this.store = store;
    this.events = events;
    this.policy = policy;
    this.engine = engine;
    this.inputs = inputs;
    this.clock = clock;
    this.config = config.auction();
    this.gate = config.margin().gateIntake();
    Map<Address, BigInteger> allowed = new HashMap<>();
    BigInteger bond = Wad.of(config.solvers().bond());
    config
        .solvers()
        .allow()
        .ifPresent(
            list ->
                list.stream()
                    .filter(a -> !a.isBlank())
                    .forEach(a -> allowed.put(Address.parse(a.trim()), bond)));
    long maxFadeBp =
        Wad.of(this.config.maxFadeRate())
            .multiply(BigInteger.valueOf(10_000))
            .divide(Wad.ONE)
            .longValueExact();
    this.registry = new SolverRegistry(allowed, maxFadeBp, this.config.minAwardsToJudge());
    if (this.config.enabled()) {
      events.listen(this);
      LOG.infof(
          "Auctions: window %d ms, fill window %d s, %d solver(s) allowed, suspension above %s fades",
          this.config.window().toMillis(),
          this.config.fillWindow().toSeconds(),
          allowed.size(),
          this.config.maxFadeRate());
    } else {
      LOG.info("Auctions: off (omnimargin.auction.enabled=false)");
    }
  }

  public SolverRegistry registry() {
    return registry;
  }

  @Override
  public void statusChanged(Intent intent, StatusChange change) {
    if (change.status() == IntentStatus.OPEN && intent.data() instanceof MarginOrder) {
      timer.execute(() -> open(intent));
    } else if (change.status() == IntentStatus.CANCELLED
        || change.status() == IntentStatus.EXPIRED) {
      Live live = finish(intent.id());
      if (live != null) {
        live.auction.cancel();
      }
    }
  }

  private void open(Intent intent) {
    MarginOrder order = (MarginOrder) intent.data();
    long now = clock.millis();
    long closesAt = now + config.window().toMillis();
    AuctionTerms terms =
        new AuctionTerms(
            intent.id(),
            order.isBuy() ? AuctionTerms.Side.BUY : AuctionTerms.Side.SELL,
            order.size().toBigInteger(),
            order.limitPrice().toBigInteger(),
            order.maxFee().toBigInteger(),
            closesAt,
            intent.order().fillDeadline());
    Live live =
        new Live(
            intent,
            new Auction(
                terms,
                policy.domain(),
                Secp256k1Provider.recovery(),
                registry,
                registry::score,
                connectedEligible()),
            now);
    auctions.put(intent.id(), live);
    if (!move(
        intent.id(),
        EnumSet.of(IntentStatus.OPEN),
        IntentStatus.AUCTIONING,
        "auction open until " + java.time.Instant.ofEpochMilli(closesAt))) {
      auctions.remove(intent.id());
      return;
    }
    feed.publish(
        new SolverFeed.Event(
            0,
            "auction",
            intent.id().toHex(),
            order.market().symbol(),
            terms.side().name(),
            terms.size().toString(),
            terms.limitPrice().toString(),
            terms.maxFee().toString(),
            closesAt,
            terms.fillDeadlineSeconds(),
            null,
            null,
            null),
        null);
    timer.schedule(() -> windowEnds(live), config.window().toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Solvers streaming now and allowed to bid: the auction may close once all have bid. */
  private Set<Address> connectedEligible() {
    Set<Address> connected = new java.util.HashSet<>();
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
   * Closes the auction (see {@link #awarding}) unless something else closed it first; the award
   * latency is timed from {@code closableAtNanos}, when the auction could first close.
   */
  private void closeSoon(Live live, long closableAtNanos) {
    awarding.execute(
        () -> {
          synchronized (live) {
            if (live.auction.state() == Auction.State.BIDDING) {
              Optional<Auction.Award> award = live.auction.close();
              if (live.auction.state() == Auction.State.BIDDING) {
                LOG.infof(
                    "auction %s: no bid held its signature; waiting for a valid one",
                    live.intent.id());
                return;
              }
              award(live, award);
              awardTimer.record(System.nanoTime() - closableAtNanos, TimeUnit.NANOSECONDS);
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
    Auction.Award a = award.get();
    MarginOrder order = (MarginOrder) live.intent.data();
    String owner = live.intent.order().user().toLowerHex();
    BigInteger price = a.bid().bid().price().toBigInteger();
    if (gate) {
      engine.release(owner, id.toHex());
      Decision d =
          engine.reserve(
              owner,
              id.toHex(),
              new ProposedChange.Order(
                  order.market().symbol(),
                  order.isBuy(),
                  order.size().toBigInteger(),
                  price,
                  order.reduceOnly()));
      if (!d.accepted()) {
        finish(id);
        live.auction.cancel();
        move(
            id,
            EnumSet.of(IntentStatus.AUCTIONING, IntentStatus.AWARDED),
            IntentStatus.REJECTED,
            "margin check at the winning price "
                + Wad.format(price)
                + ": "
                + d.reason()
                + (d.after() == null
                    ? ""
                    : ", AV_i "
                        + Wad.format(d.after().avInitial())
                        + ", IMR "
                        + Wad.format(d.after().imr())
                        + ", shortfall "
                        + Wad.format(d.shortfall())));
        return;
      }
    }
    live.award = a;
    registry.awarded(a.bid().solver());
    feed.publish(
        new SolverFeed.Event(
            0,
            "award",
            id.toHex(),
            order.market().symbol(),
            live.auction.terms().side().name(),
            order.size().toBigInteger().toString(),
            order.limitPrice().toBigInteger().toString(),
            order.maxFee().toBigInteger().toString(),
            live.auction.terms().closesAtMillis(),
            live.auction.terms().fillDeadlineSeconds(),
            price.toString(),
            a.bid().bid().fee().toBigInteger().toString(),
            null),
        a.bid().solver());
    move(
        id,
        EnumSet.of(IntentStatus.AUCTIONING, IntentStatus.AWARDED),
        IntentStatus.AWARDED,
        "awarded to " + a.bid().solver() + " at " + Wad.format(price) + " (rank " + a.rank() + ")");
    long deadlineMillis =
        Math.min(
            clock.millis() + config.fillWindow().toMillis(),
            live.auction.terms().fillDeadlineSeconds() * 1000);
    long delay = Math.max(0, deadlineMillis - clock.millis());
    timer.schedule(() -> fillTimeout(live, a), delay, TimeUnit.MILLISECONDS);
  }

  private void fillTimeout(Live live, Auction.Award a) {
    synchronized (live) {
      if (live.award == a && live.auction.state() == Auction.State.AWARDED) {
        LOG.warnf("auction %s: %s did not fill in time", live.intent.id(), a.bid().solver());
        registry.faded(a.bid().solver());
        award(live, live.auction.fade());
      }
    }
  }

  /** What a fill report did. */
  public enum FillOutcome {
    FILLED,
    FADED,
    NOT_THE_WINNER,
    NO_AUCTION
  }

  /**
   * The winner reports its fill; a report unlike its bid passes the award on. A good fill completes
   * once the margin engine has applied it and the intent is {@code FILLED}; no thread waits for the
   * engine meanwhile.
   */
  public CompletionStage<FillOutcome> fill(FillReport report, Signature signature) {
    Live live = auctions.get(report.orderId());
    if (live == null) {
      return CompletableFuture.completedFuture(FillOutcome.NO_AUCTION);
    }
    Address signer =
        Secp256k1Provider.recovery().recover(report.digest(policy.domain()), signature);
    synchronized (live) {
      Auction.Award a = live.award;
      if (a == null || !signer.equals(report.solver()) || !a.bid().solver().equals(signer)) {
        return CompletableFuture.completedFuture(FillOutcome.NOT_THE_WINNER);
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
        award(live, live.auction.fade());
        return CompletableFuture.completedFuture(FillOutcome.FADED);
      }
      registry.filled(signer);
      finish(report.orderId());
      MarginOrder order = (MarginOrder) live.intent.data();
      BigInteger size = report.size().toBigInteger();
      String filled =
          "filled by " + signer + " on chain " + report.venueChainId() + " in " + report.txHash();
      return inputs
          .applyAsync(
              new EngineInput.Fill(
                  live.intent.order().user().toLowerHex(),
                  order.market().symbol(),
                  order.isBuy() ? size : size.negate(),
                  report.price().toBigInteger(),
                  report.orderId().toHex()))
          .handle(
              (revalued, refused) -> {
                if (refused != null) {
                  // filled on its venue but not in the account: the operator must look
                  LOG.errorf(
                      refused, "auction %s: the margin engine refused the fill", report.orderId());
                }
                move(
                    report.orderId(),
                    EnumSet.of(IntentStatus.AWARDED),
                    IntentStatus.FILLED,
                    refused == null
                        ? filled
                        : filled + "; the margin engine refused it: " + refused.getMessage());
                return FillOutcome.FILLED;
              });
    }
  }

  /** The auction of an intent, running or recently finished. */
  public Optional<Auction> auction(OrderId id) {
    Live live = auctions.get(id);
    return Optional.ofNullable(live != null ? live : finished.get(id)).map(l -> l.auction);
  }

  private Live finish(OrderId id) {
    Live live = auctions.remove(id);
    if (live != null) {
      finished.put(id, live);
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

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  @PreDestroy
  void stop() {
    timer.shutdownNow();
    if (awardThread != null) {
      awardThread.shutdownNow();
    }
  }
}
