package io.omnimargin.hub.auction;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.omnimargin.auction.book.PlacedBid;
import io.omnimargin.auction.solver.SolverRegistry;
import io.omnimargin.hub.intake.IntakeGate;
import io.omnimargin.hub.intake.IntakePolicy;
import io.omnimargin.hub.intent.AcceptOutcome;
import io.omnimargin.hub.intent.InMemoryIntentStore;
import io.omnimargin.hub.intent.Intent;
import io.omnimargin.hub.intent.IntentEventBus;
import io.omnimargin.hub.intent.IntentStatus;
import io.omnimargin.hub.intent.IntentStore;
import io.omnimargin.hub.testing.DirectMarginInputs;
import io.omnimargin.hub.testing.ManualTime;
import io.omnimargin.margin.engine.EngineInput;
import io.omnimargin.margin.engine.MarginEngine;
import io.omnimargin.margin.ledger.InMemoryLedgerStore;
import io.omnimargin.margin.ledger.LedgerStore;
import io.omnimargin.margin.risk.RiskConfig;
import io.omnimargin.margin.valuation.Valuator;
import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.crypto.Secp256k1Provider;
import io.omnimargin.protocol.crypto.Signature;
import io.omnimargin.protocol.eip712.Eip712Domain;
import io.omnimargin.protocol.eip712.FillReport;
import io.omnimargin.protocol.eip712.GaslessCrossChainOrder;
import io.omnimargin.protocol.eip712.MarginOrder;
import io.omnimargin.protocol.eip712.MarketSymbol;
import io.omnimargin.protocol.eip712.SolverBid;
import io.omnimargin.protocol.eip712.SolverRegistration;
import io.omnimargin.protocol.session.SessionCodec;
import io.omnimargin.protocol.session.SessionMessage.FeedEvent;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.protocol.types.ChainId;
import io.omnimargin.protocol.types.OrderId;
import io.omnimargin.protocol.types.Uint256;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * An auction house on manual time with an in-memory store and a real margin engine: intents are
 * accepted as intake would, solvers bid with real signatures, and time moves only when a test says.
 */
final class AuctionRig {
  static final BigInteger WAD = BigInteger.TEN.pow(18);
  static final Duration WINDOW = Duration.ofMillis(250);
  static final Duration FILL_WINDOW = Duration.ofSeconds(30);
  static final Eip712Domain DOMAIN =
      Eip712Domain.omnimargin(ChainId.of(42161), Address.parse("0x" + "3c".repeat(20)));

  final ManualTime time = new ManualTime();

  /** The auction house's timer: {@link #time}'s, whose tasks to run now a test may hold back. */
  final HeldTimer timer = new HeldTimer(time);

  final IntentStore store;
  final IntentEventBus events = new IntentEventBus(IntakeGate.OPEN);
  final MarginEngine engine;
  private final boolean marginGate;
  final AwardLog awards;
  private final LedgerStore ledger;
  final List<EngineInput> applied;
  final PrivateKey trader = PrivateKey.of(BigInteger.valueOf(1_000_010L));
  final List<PrivateKey> solvers;
  final SolverRegistry registry;
  final SolverFeed feed = new SolverFeed(new SessionCodec(new ObjectMapper()));
  final AuctionHouse house;
  final List<String> history = new ArrayList<>();
  private long nonce;

  AuctionRig(int solverCount, boolean marginGate) {
    this(solverCount, marginGate, new InMemoryIntentStore());
  }

  /** A rig over an existing store, as a process restarted on the same data would be. */
  AuctionRig(int solverCount, boolean marginGate, IntentStore store) {
    this(solverCount, marginGate, store, AwardLog.inMemory(), new InMemoryLedgerStore());
  }

  /** A rig whose auction house keeps its awards in {@code awards}. */
  static AuctionRig keepingAwardsIn(int solverCount, AwardLog awards) {
    return new AuctionRig(
        solverCount, false, new InMemoryIntentStore(), awards, new InMemoryLedgerStore());
  }

  /**
   * The replica that takes this one's auctions over when it dies: the same intent store, award log
   * and ledger, its own memory and clock (which starts where this one's started).
   */
  AuctionRig successor() {
    return successor(e -> e);
  }

  /** A successor whose auction house reads the ledger through {@code view} of its engine. */
  AuctionRig successor(
      java.util.function.Function<MarginEngine, io.omnimargin.margin.engine.MarginBook> view) {
    AuctionRig next = new AuctionRig(solvers.size(), marginGate, store, awards, ledger, view);
    next.nonce = nonce; // the trader's next order on the successor is a new one
    return next;
  }

  private AuctionRig(
      int solverCount, boolean marginGate, IntentStore store, AwardLog awards, LedgerStore ledger) {
    this(solverCount, marginGate, store, awards, ledger, e -> e);
  }

  private AuctionRig(
      int solverCount,
      boolean marginGate,
      IntentStore store,
      AwardLog awards,
      LedgerStore ledger,
      java.util.function.Function<MarginEngine, io.omnimargin.margin.engine.MarginBook> view) {
    this.store = store;
    this.marginGate = marginGate;
    this.awards = awards;
    this.ledger = ledger;
    this.engine =
        new MarginEngine(
            new Valuator(RiskConfig.defaults()), () -> time.millis() / 1000, e -> {}, ledger);
    solvers =
        Stream.iterate(1, n -> n + 1)
            .limit(solverCount)
            .map(n -> PrivateKey.of(BigInteger.valueOf(7_000_000L + n)))
            .toList();
    registry =
        new SolverRegistry(
            Stream.concat(solvers.stream(), Stream.of(trader)) // a trader that also solves
                .collect(Collectors.toMap(PrivateKey::address, k -> BigInteger.ZERO)),
            1200,
            20,
            java.time.Duration.ofMinutes(5),
            () -> time.millis() / 1000);
    solvers.forEach(this::register);
    DirectMarginInputs inputs = new DirectMarginInputs(engine);
    applied = inputs.applied();
    house =
        new AuctionHouse(
            new AuctionSettings(WINDOW, FILL_WINDOW, marginGate),
            store,
            events,
            new IntakePolicy(DOMAIN, Set.of(new MarketSymbol("ETH-PERP")), 16),
            view.apply(engine),
            inputs,
            time,
            registry,
            feed,
            Secp256k1Provider.recovery(),
            timer,
            Runnable::run,
            AuctionMetrics.NONE,
            awards);
    events.listen(house);
    events.listen((intent, change) -> history.add(change.status() + ": " + change.reason()));
  }

  void registerKey(PrivateKey key) {
    register(key);
  }

  /** 10 ETH on chain 1 for the trader. */
  void fundTrader() {
    fund(trader.address());
  }

  void fund(Address account) {
    engine.onCollateral(
        account,
        new io.omnimargin.margin.risk.CollateralKey(1, "ETH"),
        WAD.multiply(BigInteger.TEN),
        "deposit");
  }

  void price(String usd) {
    engine.onPrice(
        "ETH",
        new io.omnimargin.margin.valuation.Price(
            io.omnimargin.margin.fixed.Wad.of(usd), time.instant().getEpochSecond()));
  }

  private void register(PrivateKey solver) {
    try {
      SolverRegistration r =
          new SolverRegistration(solver.address(), "s", time.instant().getEpochSecond());
      registry.register(r, solver.sign(r.digest(DOMAIN)), DOMAIN, Secp256k1Provider.recovery());
    } catch (SolverRegistry.RegistrationRefused e) {
      throw new IllegalStateException(e);
    }
  }

  /** A buy of 1 ETH-PERP with limit 3,100 and max fee 10, accepted and announced. */
  Intent submitBuy() {
    MarginOrder order =
        new MarginOrder(
            new MarketSymbol("ETH-PERP"),
            true,
            Uint256.of(WAD),
            Uint256.of(WAD.multiply(BigInteger.valueOf(3_100))),
            false,
            Uint256.of(1),
            Uint256.of(WAD.multiply(BigInteger.TEN)));
    long deadline = time.instant().getEpochSecond() + 600;
    GaslessCrossChainOrder signed =
        new GaslessCrossChainOrder(
            DOMAIN.verifyingContract(),
            trader.address(),
            Uint256.of(++nonce),
            DOMAIN.chainId().toUint256(),
            deadline,
            deadline + 600,
            order.type().typeHash(),
            order.encode());
    OrderId id = signed.id(DOMAIN);
    Intent intent =
        Intent.accepted(id, signed, order, trader.sign(id.value().toArray()), time.instant());
    AcceptOutcome outcome = store.accept(intent, 512);
    Intent stored = ((AcceptOutcome.Accepted) outcome).intent();
    events.statusChanged(stored, stored.history().get(0));
    return stored;
  }

  SolverBid bid(int solver, OrderId id, long price, long fee) {
    return new SolverBid(
        id,
        solvers.get(solver).address(),
        Uint256.of(WAD.multiply(BigInteger.valueOf(price))),
        Uint256.of(WAD.multiply(BigInteger.valueOf(fee))),
        time.instant().getEpochSecond() + 3_600);
  }

  Signature sign(int solver, SolverBid bid) {
    return solvers.get(solver).sign(bid.digest(DOMAIN));
  }

  /** Places a signed bid over HTTP rules; answers its rejection code, or null if it stands. */
  String place(int solver, OrderId id, long price, long fee) {
    SolverBid b = bid(solver, id, price, fee);
    Optional<PlacedBid> placed = house.bid(id, b, sign(solver, b));
    if (placed.isEmpty()) {
      return "no-auction";
    }
    return placed.get().rejected() == null ? null : placed.get().rejected().code();
  }

  FillReport fillReport(int solver, OrderId id, BigInteger size, long price) {
    return new FillReport(
        id,
        solvers.get(solver).address(),
        1,
        Bytes32.leftPad(new byte[] {7}),
        Uint256.of(size),
        Uint256.of(WAD.multiply(BigInteger.valueOf(price))));
  }

  AuctionHouse.FillOutcome fill(int solver, OrderId id, BigInteger size, long price) {
    FillReport report = fillReport(solver, id, size, price);
    return house
        .fill(report, solvers.get(solver).sign(report.digest(DOMAIN)))
        .toCompletableFuture()
        .join();
  }

  IntentStatus status(OrderId id) {
    return store.find(id).orElseThrow().status();
  }

  /**
   * A buy whose auction ended: solver {@code i} bid {@code prices[i]} (no fee), then the window
   * passed, so the best of them is awarded.
   */
  OrderId awarded(long... prices) {
    OrderId id = submitBuy().id();
    for (int i = 0; i < prices.length; i++) {
      place(i, id, prices[i], 0);
    }
    time.advance(WINDOW);
    return id;
  }

  /**
   * Resumes every live intent, as a replica taking the auctions over does, and runs what is due.
   */
  void resumeLive() {
    house.resumeAll(store.live());
    time.advance(Duration.ZERO);
  }

  /** Connects every solver to the feed, as open sessions do; returns the events each heard. */
  Map<Address, List<FeedEvent>> connectAll() {
    return connectAll(-1);
  }

  /** As {@link #connectAll()}, each stream resuming after event {@code after} (-1: from now). */
  Map<Address, List<FeedEvent>> connectAll(long after) {
    Map<Address, List<FeedEvent>> heard = new java.util.HashMap<>();
    for (PrivateKey s : solvers) {
      List<FeedEvent> list = new ArrayList<>();
      heard.put(s.address(), list);
      feed.connect(s.address(), after, list::add);
    }
    return heard;
  }

  /**
   * A timer thread busy elsewhere: while held, what is given to run now waits, in order, until
   * {@link #release}; what is scheduled falls due on the manual clock as always.
   */
  static final class HeldTimer implements io.omnimargin.hub.port.Scheduler {
    private final ManualTime time;
    private final List<Runnable> held = new ArrayList<>();
    private boolean holding;

    HeldTimer(ManualTime time) {
      this.time = time;
    }

    void hold() {
      holding = true;
    }

    /** Runs what waited, in order; from then on tasks run at once again. */
    void release() {
      holding = false;
      List<Runnable> waited = new ArrayList<>(held);
      held.clear();
      waited.forEach(Runnable::run);
    }

    @Override
    public void execute(Runnable task) {
      if (holding) {
        held.add(task);
      } else {
        time.execute(task);
      }
    }

    @Override
    public Cancellable schedule(Runnable task, long delayMillis) {
      return time.schedule(task, delayMillis);
    }

    @Override
    public Cancellable repeat(Runnable task, long periodMillis) {
      return time.repeat(task, periodMillis);
    }
  }
}
