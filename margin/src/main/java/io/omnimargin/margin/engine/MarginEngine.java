package io.omnimargin.margin.engine;

import io.omnimargin.margin.account.Account;
import io.omnimargin.margin.account.Position;
import io.omnimargin.margin.clearing.ClearingParameters;
import io.omnimargin.margin.clearing.FundingSettlement;
import io.omnimargin.margin.clearing.LedgerSummary;
import io.omnimargin.margin.clearing.MarketState;
import io.omnimargin.margin.clearing.Takeover;
import io.omnimargin.margin.clearing.Trade;
import io.omnimargin.margin.clearing.TradeLeg;
import io.omnimargin.margin.decision.Decision;
import io.omnimargin.margin.decision.MarginChecker;
import io.omnimargin.margin.decision.ProposedChange;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.ledger.LedgerStore;
import io.omnimargin.margin.oracle.IndexReading;
import io.omnimargin.margin.risk.CollateralKey;
import io.omnimargin.margin.risk.RiskParameters;
import io.omnimargin.margin.risk.adaptive.AdaptiveParameters;
import io.omnimargin.margin.risk.adaptive.EwmaVolatility;
import io.omnimargin.margin.valuation.AccountValue;
import io.omnimargin.margin.valuation.Health;
import io.omnimargin.margin.valuation.MarketData;
import io.omnimargin.margin.valuation.PositionLine;
import io.omnimargin.margin.valuation.Price;
import io.omnimargin.margin.valuation.Totals;
import io.omnimargin.margin.valuation.Valuator;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.OrderId;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Keeps every account's value current. Inputs: collateral credits and debits, fills, price ticks,
 * route health. A tick re-values only the accounts exposed to that asset (an index, never a scan);
 * a route going down re-values every account with collateral on that chain in the same step. Each
 * account has one writer at a time. Events go to the listener synchronously; it must not block.
 */
public final class MarginEngine implements MarketData, MarginBook {
  private final Valuator valuator;
  private final MarginChecker checker;
  private final LongSupplier nowSeconds;
  private final Consumer<MarginEvent> events;
  private final LedgerStore ledger;
  private final ClearingParameters clearing;
  private final Liquidator liquidator;
  private LegRoute legs; // null: this engine holds every account
  private java.util.function.Supplier<BigInteger> insuranceElsewhere = () -> BigInteger.ZERO;
  private final FundingBook funding;
  private final AdaptiveMarket adaptive;
  // open interest per market: the sum of long sizes and of short sizes (as a positive number)
  private final Map<String, BigInteger> openLong = new ConcurrentHashMap<>();
  private final Map<String, BigInteger> openShort = new ConcurrentHashMap<>();
  // Accounts changed by the operation under way, saved together when it ends (flush): a trade's
  // two sides, a liquidation's steps or a funding settlement are stored all or nothing.
  private final Map<Address, Account> unsaved = new java.util.LinkedHashMap<>();
  // a funding settlement's accounts, each once: a list, not a million map entries
  private final List<Account> unsavedFunding = new ArrayList<>();
  private final Map<Address, AccountCell> accounts = new ConcurrentHashMap<>();
  private final Map<String, Price> prices = new ConcurrentHashMap<>();
  private final Set<Long> routesDown = ConcurrentHashMap.newKeySet();
  private final Map<String, Set<Address>> byAsset = new ConcurrentHashMap<>();
  private final Map<Long, Set<Address>> byChain = new ConcurrentHashMap<>();
  // A counter bumped by every price and route change, and the last bump per asset and chain:
  // cached totals stamped before an asset's last bump are stale.
  private final AtomicLong epoch = new AtomicLong();
  private final Map<String, Long> assetEpoch = new ConcurrentHashMap<>();
  private final Map<Long, Long> chainEpoch = new ConcurrentHashMap<>();

  public MarginEngine(Valuator valuator, LongSupplier nowSeconds, Consumer<MarginEvent> events) {
    this(valuator, nowSeconds, events, LedgerStore.NONE);
  }

  public MarginEngine(
      Valuator valuator,
      LongSupplier nowSeconds,
      Consumer<MarginEvent> events,
      LedgerStore ledger) {
    this(valuator, nowSeconds, events, ledger, ClearingParameters.defaults());
  }

  /** An engine whose ledger survives restarts: it loads every saved account now. */
  public MarginEngine(
      Valuator valuator,
      LongSupplier nowSeconds,
      Consumer<MarginEvent> events,
      LedgerStore ledger,
      ClearingParameters clearing) {
    this(valuator, nowSeconds, events, ledger, clearing, AdaptiveParameters.defaults());
  }

  /** An engine with its adaptive inputs' parameters (index quorum and band, volatility decay). */
  public MarginEngine(
      Valuator valuator,
      LongSupplier nowSeconds,
      Consumer<MarginEvent> events,
      LedgerStore ledger,
      ClearingParameters clearing,
      AdaptiveParameters adaptive) {
    this.valuator = valuator;
    this.adaptive = new AdaptiveMarket(valuator.config(), valuator.buffers(), adaptive);
    this.clearing = clearing;
    this.liquidator = new Liquidator(this, clearing);
    this.checker = new MarginChecker(valuator);
    this.nowSeconds = nowSeconds;
    this.events = events;
    this.ledger = ledger;
    this.funding =
        new FundingBook(clearing.funding(), valuator.config().markets(), nowSeconds.getAsLong());
    load();
  }

  private void load() {
    for (Account account : ledger.loadAll()) {
      AccountCell cell = new AccountCell(account);
      cell.lastCause = "loaded";
      accounts.put(account.owner(), cell);
      index(account.owner(), account);
      openInterest(Account.empty(account.owner()), account);
    }
  }

  /**
   * Forgets every account and loads the ledger store's again: a replica that takes the ledger over
   * from another reads what that one wrote. Prices, routes, volatility and funding meters are kept
   * (they come from the inputs every replica applies). Call it before any writer runs: it is not
   * safe beside one.
   */
  public void reload() {
    accounts.clear();
    byAsset.clear();
    byChain.clear();
    openLong.clear();
    openShort.clear();
    unsaved.clear();
    unsavedFunding.clear();
    liquidator.forget();
    load();
  }

  // ---- market data ------------------------------------------------------------------------

  @Override
  public Optional<Price> price(String asset) {
    return Optional.ofNullable(prices.get(asset));
  }

  /** A market's index (its base asset's price) while fresh; empty when stale or missing. */
  public Optional<BigInteger> indexPrice(String market) {
    return valuator
        .config()
        .market(market)
        .flatMap(
            spec -> {
              Price p = prices.get(spec.baseAsset());
              long heartbeat = valuator.config().asset(spec.baseAsset()).heartbeatSeconds();
              return p == null || now() - p.publishTime() > heartbeat
                  ? Optional.empty()
                  : Optional.of(p.usd());
            });
  }

  @Override
  public boolean routeLive(long chainId) {
    return !routesDown.contains(chainId);
  }

  /**
   * Applies one input; answers how many accounts it re-valued (price and route inputs) or 1 (an
   * account's own change).
   */
  public int apply(EngineInput input) {
    // Java 17: no pattern switch yet; the interface is sealed, so this list is complete.
    if (input instanceof EngineInput.PriceTick t) {
      return onPrice(t.asset(), t.price(), t.source());
    }
    if (input instanceof EngineInput.RouteRisk r) {
      return onRouteRisk(r);
    }
    if (input instanceof EngineInput.RouteHealth r) {
      return onRouteHealth(r.chainId(), r.live());
    }
    if (input instanceof EngineInput.Transfer t) {
      onTransfer(t.from(), t.to(), t.usd(), t.cause());
      return 2;
    }
    if (input instanceof EngineInput.Payout p) {
      onPayout(p.owner(), p.intentId(), p.usd(), p.cause());
      return 2;
    }
    if (input instanceof EngineInput.CollateralBalance b) {
      onCollateralBalance(b.owner(), b.key(), b.balance(), b.cause());
      return 1;
    }
    if (input instanceof EngineInput.CollateralChange c) {
      onCollateral(c.owner(), c.key(), c.delta(), c.cause());
      return 1;
    }
    EngineInput.Fill f = (EngineInput.Fill) input;
    onTrade(f.trade(), f.intentId());
    return 2;
  }

  /** A price tick from the default source (a push without a {@code source}). */
  public int onPrice(String asset, Price price) {
    return onPrice(asset, price, adaptive.index().parameters().defaultSource());
  }

  /**
   * A price tick from one source: the asset's composite index moves (an out-of-order tick of a
   * source changes nothing), its measured volatility may step {@code b_eff}, and only the accounts
   * holding or trading the asset are re-valued.
   */
  public int onPrice(String asset, Price price, String source) {
    AdaptiveMarket.Tick tick = adaptive.onTick(asset, source, price, now());
    if (tick.index().isEmpty()) {
      return 0;
    }
    Price index = tick.index().get();
    prices.put(asset, index);
    assetEpoch.put(asset, epoch.incrementAndGet()); // after the put: cached totals are stale now
    synchronized (this) {
      funding.index(asset, index.usd(), now());
    }
    String cause = "price " + asset + " " + Wad.format(index.usd());
    if (tick.sigmaStepped()) {
      cause += ", σ " + adaptive.volatility(asset).orElseThrow().used();
    }
    return revalue(byAsset.getOrDefault(asset, Set.of()), cause);
  }

  /**
   * Makes this engine take {@code σ} from another engine's buffers instead of measuring it, and its
   * routes' discounts and latency as they stand there now: a ledger partition's engine, opened when
   * its partition is assigned, follows its replica's market engine, which has measured every tick
   * since start-up. Call it before the engine holds accounts; route changes still come as inputs.
   */
  public void followBuffersOf(Valuator leader) {
    if (leader.buffers() == valuator.buffers()) {
      throw new IllegalArgumentException("a follower has buffers of its own");
    }
    synchronized (this) {
      adaptive.follow(leader.buffers(), valuator.config());
    }
  }

  /** The asset's composite index now: every source, whether it counts, and why. */
  public IndexReading index(String asset) {
    return adaptive.index().reading(asset, now());
  }

  /** The asset's measured volatility, if it is a configured asset. */
  public Optional<EwmaVolatility> volatility(String asset) {
    return adaptive.volatility(asset);
  }

  /** Why the route's {@code m} and {@code L_route} are what they are, once it has been scored. */
  public Optional<String> routeExplanation(long chainId) {
    return adaptive.routeNote(chainId);
  }

  /** A live route's scored {@code m} and measured latency; re-values its accounts on a change. */
  public int onRouteRisk(EngineInput.RouteRisk risk) {
    boolean changed;
    synchronized (this) {
      changed = adaptive.onRoute(risk);
    }
    if (!changed) {
      return 0;
    }
    chainEpoch.put(risk.chainId(), epoch.incrementAndGet());
    return revalue(
        byChain.getOrDefault(risk.chainId(), Set.of()),
        "route " + risk.chainId() + " m " + Wad.format(risk.discount()));
  }

  /** Route health from settlement's adapters; down means {@code m = 0} for that chain at once. */
  public int onRouteHealth(long chainId, boolean live) {
    boolean changed = live ? routesDown.remove(chainId) : routesDown.add(chainId);
    if (!changed) {
      return 0;
    }
    chainEpoch.put(chainId, epoch.incrementAndGet());
    return revalue(
        byChain.getOrDefault(chainId, Set.of()), "route " + chainId + (live ? " live" : " down"));
  }

  private int revalue(Set<Address> owners, String cause) {
    long now = now();
    for (Address owner : owners) {
      AccountCell cell = accounts.get(owner);
      synchronized (this) {
        // Most accounts stay healthy on a tick: decide from the totals, skip building lines.
        if (cell.health == Health.HEALTHY && valuator.health(totals(cell, now)) == Health.HEALTHY) {
          cell.lastCause = cause;
          continue;
        }
        evaluate(owner, cell, cause);
        flush();
      }
    }
    return owners.size();
  }

  // ---- ledger -----------------------------------------------------------------------------

  /** Credits (positive) or debits (negative) collateral, e.g. when a settlement proof lands. */
  public AccountSnapshot onCollateral(
      Address owner, CollateralKey key, BigInteger delta, String cause) {
    AccountCell cell = cell(owner);
    synchronized (this) {
      cell.account = cell.account.withCollateral(key, delta);
      ledger.save(cell.account);
      index(owner, cell.account);
      return evaluateAndFlush(owner, cell, cause);
    }
  }

  /**
   * Sets a collateral line to a proven balance (idempotent). An unchanged balance is not re-saved
   * or re-published.
   */
  public AccountSnapshot onCollateralBalance(
      Address owner, CollateralKey key, BigInteger balance, String cause) {
    if (balance.signum() < 0) {
      throw new IllegalArgumentException("a proven balance is never negative: " + balance);
    }
    AccountCell cell = cell(owner);
    synchronized (this) {
      BigInteger delta = balance.subtract(cell.account.balance(key));
      if (delta.signum() == 0) {
        return snapshotOf(cell);
      }
      cell.account = cell.account.withCollateral(key, delta);
      ledger.save(cell.account);
      index(owner, cell.account);
      return evaluateAndFlush(owner, cell, cause);
    }
  }

  /** Credits or debits hub cash (wad USD). */
  public AccountSnapshot onCash(Address owner, BigInteger usd, String cause) {
    AccountCell cell = cell(owner);
    synchronized (this) {
      cell.account = cell.account.withCash(usd);
      ledger.save(cell.account);
      return evaluateAndFlush(owner, cell, cause);
    }
  }

  /**
   * Books one side of a fill only, with no counterparty: for tests and migrations that set up a
   * position directly. The ledger's imbalance shows every such booking; production fills are {@link
   * #onTrade trades}.
   */
  public AccountSnapshot onFill(
      Address owner, String market, BigInteger delta, BigInteger price, OrderId intentId) {
    AccountCell cell = cell(owner);
    synchronized (this) {
      cell.reservations.remove(intentId);
      Account before = cell.account;
      cell.account = before.withFill(market, delta, price);
      openInterest(before, cell.account);
      ledger.save(cell.account);
      index(owner, cell.account);
      return evaluateAndFlush(owner, cell, "fill " + intentId);
    }
  }

  // ---- clearing ---------------------------------------------------------------------------

  /**
   * Books a trade on both accounts with its fees and releases both reservations held for {@code
   * intentId} (null for none); then re-values both sides.
   */
  public void onTrade(Trade trade, OrderId intentId) {
    synchronized (this) {
      if (intentId != null) {
        cell(trade.taker()).reservations.remove(intentId);
        cell(trade.maker()).reservations.remove(intentId);
      }
      book(trade);
      funding.fill(trade.market(), trade.takerDelta(), trade.price());
      String cause = "trade " + (intentId == null ? trade.market() : intentId.toHex());
      settle(trade.maker(), cause);
      settle(trade.taker(), cause);
      if (trade.protocolFee().signum() > 0) {
        settle(clearing.feePool(), cause);
      }
      flush(intentId == null ? null : intentId.toHex());
    }
  }

  /**
   * Books one leg of a trade whose other legs other engines book, each over the accounts of its
   * ledger partition (docs/cluster.md): the leg's account only, re-valued and saved, with the
   * trade's mark when {@code intentId} is given, whose reservation on this account it releases. The
   * legs of a trade booked by their engines leave the accounts {@link #onTrade} leaves. The funding
   * meter is not fed here: a market's premium must come from all of its fills, not one partition's.
   */
  public void onTradeLeg(TradeLeg leg, OrderId intentId) {
    synchronized (this) {
      if (intentId != null) {
        cell(leg.account()).reservations.remove(intentId);
      }
      update(leg.account(), leg::applyTo);
      settle(leg.account(), "trade " + (intentId == null ? leg.tradeId() : intentId.toHex()));
      flush(intentId == null ? null : intentId.toHex());
    }
  }

  /**
   * Whether the trade filling {@code intentId} is in the ledger: a replica that takes over an
   * intent left awarded (its owner died between booking the trade and moving the intent) asks.
   */
  public boolean booked(OrderId intentId) {
    return ledger.traded(intentId.toHex());
  }

  @Override
  public boolean booked(Address trader, OrderId intentId) {
    return booked(intentId);
  }

  /** The staged response after a change of the account's own, then every change saved. */
  private AccountSnapshot evaluateAndFlush(Address owner, AccountCell cell, String cause) {
    AccountSnapshot snapshot = evaluate(owner, cell, cause);
    flush();
    return snapshot;
  }

  /**
   * Re-values an account after a change of its own. A healthy account that stays healthy is decided
   * and published from its totals, without building its lines (the fill path's cost); anything else
   * takes the full staged response.
   */
  private void settle(Address owner, String cause) {
    AccountCell cell = cell(owner);
    long now = now();
    if (cell.health == Health.HEALTHY) {
      Totals t = totals(cell, now);
      if (valuator.health(t) == Health.HEALTHY) {
        cell.lastCause = cause;
        events.accept(
            new MarginEvent.Valued(
                owner,
                now,
                t.avMaintenance(),
                t.avInitial(),
                t.mmr(),
                t.imr(),
                Health.HEALTHY,
                cause));
        return;
      }
    }
    evaluate(owner, cell, cause);
  }

  /** Moves {@code usd} (wad, > 0) of cash from one account to another. */
  public void onTransfer(Address from, Address to, BigInteger usd, String cause) {
    if (usd.signum() <= 0 || from.equals(to)) {
      throw new IllegalArgumentException("a transfer moves a positive amount between two accounts");
    }
    synchronized (this) {
      transfer(from, to, usd);
      settle(from, cause);
      settle(to, cause);
      flush();
    }
  }

  /**
   * Moves {@code usd} of the account's cash to the settlement pool for a payout being released, and
   * drops the reservation that held it.
   */
  public void onPayout(Address owner, OrderId intentId, BigInteger usd, String cause) {
    synchronized (this) {
      cell(owner).reservations.remove(intentId);
      onTransfer(owner, clearing.settlementPool(), usd, cause);
    }
  }

  /** An account's cash (0 for an unknown account), without valuing it. */
  public BigInteger cash(Address owner) {
    AccountCell cell = accounts.get(owner);
    if (cell == null) {
      return BigInteger.ZERO;
    }
    synchronized (this) {
      return cell.account.cash();
    }
  }

  /** One collateral line of an account (0 for an unknown account), without valuing it. */
  public BigInteger balance(Address owner, CollateralKey key) {
    AccountCell cell = accounts.get(owner);
    if (cell == null) {
      return BigInteger.ZERO;
    }
    synchronized (this) {
      return cell.account.balance(key);
    }
  }

  /** The change reserved for {@code intentId}, if it is still held. */
  public Optional<ProposedChange> reservation(Address owner, OrderId intentId) {
    AccountCell cell = accounts.get(owner);
    if (cell == null) {
      return Optional.empty();
    }
    synchronized (this) {
      return Optional.ofNullable(cell.reservations.get(intentId));
    }
  }

  /** Books a trade's positions and fees; the caller holds the engine and re-values. */
  void book(Trade t) {
    book(t, "book");
  }

  /**
   * Books the trade's legs; on an engine over one ledger partition, a leg whose account another
   * partition holds is sent there instead ({@link #routeLegs}).
   */
  void book(Trade t, String tradeId) {
    book(t, tradeId, false);
  }

  /**
   * Books an auto-deleverage trade: as {@link #book(Trade, String)}, but a leg for an account held
   * elsewhere is capped where it lands ({@link LegRoute#sendCapped}), since that account may have
   * reduced its position since it was ranked.
   */
  void bookDeleverage(Trade t, String tradeId) {
    book(t, tradeId, true);
  }

  private void book(Trade t, String tradeId, boolean capped) {
    // the legs are the trade's arithmetic, here and where a trade is booked across partitions
    for (TradeLeg leg : t.legs(tradeId, clearing.feePool())) {
      if (legs != null && !legs.holds(leg.account())) {
        if (capped) {
          legs.sendCapped(leg);
        } else {
          legs.send(leg);
        }
        continue;
      }
      update(leg.account(), leg::applyTo);
      if (legs != null) {
        legs.bookedHere(leg);
      }
    }
  }

  /** Package access for the liquidator: other partitions' holders of {@code market}, if any. */
  List<Account> holdersElsewhere(String market) {
    return legs == null ? List.of() : legs.holdersElsewhere(market);
  }

  /** Moves a fee or penalty in cash, kept in both accounts' fee totals; the caller re-values. */
  void payFee(Address from, Address to, BigInteger usd) {
    update(from, a -> a.withFees(usd, BigInteger.ZERO));
    update(to, a -> a.withFees(BigInteger.ZERO, usd));
  }

  /** Moves cash; the caller holds the engine and re-values. */
  void transfer(Address from, Address to, BigInteger usd) {
    update(from, a -> a.withCash(usd.negate()));
    update(to, a -> a.withCash(usd));
  }

  private void update(Address owner, java.util.function.UnaryOperator<Account> change) {
    AccountCell cell = cell(owner);
    Account before = cell.account;
    cell.account = change.apply(before);
    if (before.positions() != cell.account.positions()) {
      openInterest(before, cell.account);
    }
    unsaved.put(owner, cell.account);
    if (before.collateral() != cell.account.collateral()
        || !before.positions().keySet().equals(cell.account.positions().keySet())) {
      index(owner, cell.account); // only a new line or market can add the account to an index
    }
  }

  /**
   * Saves every account the operation under way changed, in one write; the caller holds the lock.
   */
  private void flush() {
    flush(null);
  }

  /** Saves what changed; a trade's accounts with the trade's mark ({@code tradeKey}, if any). */
  private void flush(String tradeKey) {
    if (unsaved.isEmpty() && unsavedFunding.isEmpty()) {
      return;
    }
    // funding first: an account also changed after it (the fee pool's residue) is saved later
    List<Account> all = new ArrayList<>(unsavedFunding.size() + unsaved.size());
    all.addAll(unsavedFunding);
    all.addAll(unsaved.values());
    if (tradeKey == null) {
      ledger.saveAll(all);
    } else {
      ledger.saveTrade(all, tradeKey);
    }
    unsavedFunding.clear();
    unsaved.clear();
  }

  /** Moves the open interest from {@code before}'s positions to {@code after}'s. */
  private void openInterest(Account before, Account after) {
    for (Position p : before.positions().values()) {
      (p.size().signum() > 0 ? openLong : openShort)
          .merge(p.market(), p.size().abs().negate(), BigInteger::add);
    }
    for (Position p : after.positions().values()) {
      (p.size().signum() > 0 ? openLong : openShort)
          .merge(p.market(), p.size().abs(), BigInteger::add);
    }
  }

  // ---- funding ----------------------------------------------------------------------------

  /**
   * Settles one market's funding at a rate and index decided for the whole ledger (an engine over
   * one partition of it: the rate comes from every partition's fills), whatever this engine's own
   * meter says; its schedule is not moved. The positions' payments and the residue, of either sign,
   * are booked on this engine's accounts, its fee pool's included, so its cash sums to what it did.
   */
  public FundingSettlement settleFunding(String market, BigInteger index, BigInteger rate) {
    return settleFunding(market, index, rate, Map.of());
  }

  /**
   * As {@link #settleFunding(String, BigInteger, BigInteger)}, each account's position counted less
   * {@code excluded}: what it traded after the interval's cut, booked before this settlement.
   */
  public FundingSettlement settleFunding(
      String market, BigInteger index, BigInteger rate, Map<Address, BigInteger> excluded) {
    if (valuator.config().market(market).isEmpty()) {
      throw new IllegalArgumentException("unknown market " + market);
    }
    synchronized (this) {
      FundingSettlement s = FundingSettler.settle(this, market, index, rate, now(), excluded);
      flush();
      return s;
    }
  }

  /**
   * Books one interval's funding, settled before, on {@code size} of the account's position that
   * reached this engine after that settlement (a trade's leg relayed late to its partition): the
   * account pays or receives what the settlement would have given that size, and the fee pool the
   * opposite, so cash sums to what it did.
   */
  public void payFundingLate(
      Address owner, String market, BigInteger size, BigInteger index, BigInteger rate) {
    BigInteger amount =
        FundingSettler.received(size, FundingSettler.perSize(index, rate)); // as a settlement
    if (amount.signum() == 0) {
      return;
    }
    synchronized (this) {
      AccountCell cell = cell(owner);
      bookFunding(cell, market, amount);
      payResidue(amount.negate());
      settle(owner, "funding " + market + " " + Wad.format(rate) + ", late");
      flush();
    }
  }

  /**
   * Settles funding in every market whose time has come and whose index is fresh (a market with a
   * stale index waits for a fresh price; its interval goes on). Answers what was settled.
   */
  public List<FundingSettlement> settleFundingDue() {
    synchronized (this) {
      long now = now();
      List<FundingSettlement> settled = new ArrayList<>();
      for (String market : funding.due(now)) {
        Optional<BigInteger> index = indexPrice(market);
        if (index.isPresent()) {
          FundingSettlement s =
              FundingSettler.settle(this, market, index.get(), funding.rate(market, now), now);
          funding.settled(s, now);
          settled.add(s);
          flush();
        }
      }
      return settled;
    }
  }

  /** The market's index, funding and open interest now; empty for a market not listed. */
  public Optional<MarketState> market(String market) {
    return valuator
        .config()
        .market(market)
        .map(
            spec -> {
              synchronized (this) {
                Price last = prices.get(spec.baseAsset());
                long now = now();
                return new MarketState(
                    market,
                    indexPrice(market),
                    last == null ? 0 : last.publishTime(),
                    funding.rate(market, now),
                    funding.nextAt(market),
                    openLong.getOrDefault(market, BigInteger.ZERO),
                    openShort.getOrDefault(market, BigInteger.ZERO),
                    funding.last(market));
              }
            });
  }

  /** Package access for the funding settler: every account cell. */
  Iterable<Map.Entry<Address, AccountCell>> cells() {
    return accounts.entrySet();
  }

  /**
   * Package access for the funding settler: books {@code received} (negative when paid) of funding
   * on a position whose size it does not change, with no re-valuation yet.
   */
  void bookFunding(AccountCell cell, String market, BigInteger received) {
    Account before = cell.account;
    cell.account = before.withFunding(market, received);
    unsavedFunding.add(cell.account);
    if (cell.totalsOf == before && cell.totals != null) {
      // cash counts one for one in both account values: shift the cached totals, keep their stamp
      Totals t = cell.totals;
      cell.totals =
          new Totals(
              t.avMaintenance().add(received), t.avInitial().add(received), t.mmr(), t.imr());
      cell.totalsOf = cell.account;
    }
  }

  /**
   * Package access for the funding settler: books the settlement's residue (what its payers paid
   * beyond what its receivers got) on the fee pool. Over the whole ledger it is never negative; an
   * engine over one ledger partition settles only that partition's positions, whose payments need
   * not net out, and its fee pool's shard then pays the difference.
   */
  void payResidue(BigInteger usd) {
    update(
        clearing.feePool(),
        a ->
            usd.signum() >= 0
                ? a.withFees(BigInteger.ZERO, usd)
                : a.withFees(usd.negate(), BigInteger.ZERO));
  }

  /**
   * Package access for the funding settler: re-values an account after a funding payment, fully
   * only when it was not healthy or is not healthy now.
   */
  void afterFunding(Address owner, AccountCell cell, BigInteger received, String cause, long now) {
    if (cell.health == Health.HEALTHY
        && (received.signum() >= 0 || valuator.health(totals(cell, now)) == Health.HEALTHY)) {
      // a healthy account that received funding is healthier still
      cell.lastCause = cause;
      return;
    }
    evaluate(owner, cell, cause);
  }

  /** The clearing invariants over the whole ledger, system accounts included. */
  public LedgerSummary ledgerSummary() {
    synchronized (this) {
      return LedgerSummaries.of(accounts.values().stream().map(c -> c.account).toList(), clearing);
    }
  }

  public ClearingParameters clearing() {
    return clearing;
  }

  /**
   * Lets a liquidation desk run liquidation auctions: {@link #completeLiquidation} then finishes
   * each liquidation the engine starts. Without one, the waterfall runs at once with no bid.
   */
  public void useLiquidationDesk(boolean desk) {
    liquidator.useDesk(desk);
  }

  /**
   * Where an engine over one ledger partition sends the legs of accounts it does not hold: a
   * solver's takeover of a liquidated account is a trade between two partitions (docs/cluster.md).
   */
  public interface LegRoute {
    /** Whether this engine holds the account. */
    boolean holds(Address account);

    /** Takes a leg for an account held elsewhere; the caller holds the engine. */
    void send(TradeLeg leg);

    /** Hears a leg booked here by the engine itself (a takeover's), after it is booked. */
    default void bookedHere(TradeLeg leg) {}

    /**
     * Takes an auto-deleverage leg for an account held elsewhere: it closes that account's opposite
     * position only as far as the account still holds it where it lands.
     */
    default void sendCapped(TradeLeg leg) {
      send(leg);
    }

    /**
     * The accounts held elsewhere with a position in {@code market}, as last stored: the candidates
     * auto-deleverage ranks with this engine's own. Asked only when the insurance fund cannot carry
     * a liquidation.
     */
    default List<Account> holdersElsewhere(String market) {
      return List.of();
    }
  }

  /**
   * What the insurance fund holds beyond this engine's own account of it (AV_m, USD wad): on a
   * partitioned ledger, the other partitions' shards. The waterfall asks whether the whole fund can
   * pay a deficit; the shard of the account's partition pays it, and may go below zero while the
   * others hold more. Asked under the engine's lock, only when a liquidation finds no bid.
   */
  public void insuranceElsewhere(java.util.function.Supplier<BigInteger> equity) {
    synchronized (this) {
      this.insuranceElsewhere = equity;
    }
  }

  /** Package access for the liquidator: the fund's equity outside this engine. */
  BigInteger insuranceElsewhere() {
    return insuranceElsewhere.get();
  }

  /** Makes this engine an engine over part of the ledger, {@code route} saying which. */
  public void routeLegs(LegRoute route) {
    synchronized (this) {
      this.legs = route;
    }
  }

  /**
   * Numbers the liquidations this engine starts after {@code last}: engines over several
   * partitions, and successive owners of one, give each its own ids.
   */
  public void numberLiquidationsAfter(long last) {
    synchronized (this) {
      liquidator.numberAfter(last);
    }
  }

  /**
   * Finishes liquidation {@code id} of {@code owner}: {@code bid} (a solver's takeover at its
   * prices, none worse than the bankruptcy price) or else the insurance fund at the mark, the
   * penalty, and the deficit paid by the insurance fund or covered by auto-deleverage.
   *
   * <p>A liquidation whose account's positions changed since it offered them (a fill or a trade's
   * leg landed meanwhile) is dropped instead, and the account valued again: if it is still
   * liquidatable, a new liquidation offers what it holds now.
   *
   * @return false when there is no such open liquidation (or it was dropped so) or its marks went
   *     stale
   */
  public boolean completeLiquidation(Address owner, long id, Optional<Takeover> bid) {
    synchronized (this) {
      if (liquidator.isOpen(owner, id) && liquidator.supersede(owner, id, cell(owner).account)) {
        evaluate(owner, cell(owner), "liquidation " + id + " superseded: its positions changed");
        flush();
        return false;
      }
      MarginEvent.Liquidation done = liquidator.complete(owner, id, bid, now());
      if (done == null) {
        return false;
      }
      // outside evaluate(): the accounts that took positions are valued (and called) like any other
      String cause = "liquidation " + id + " of " + owner;
      if (done.taker() != null && (legs == null || legs.holds(done.taker()))) {
        evaluate(done.taker(), cell(done.taker()), cause); // elsewhere, where its leg lands
      }
      done.deleveraged().stream()
          .map(MarginEvent.AdlStep::counterparty)
          .filter(c -> legs == null || legs.holds(c)) // others are valued where their legs land
          .forEach(c -> evaluate(c, cell(c), cause));
      if (cell(owner).account.holdsPositions()) {
        // too few opposite positions to deleverage against: what is left is placed again
        evaluate(owner, cell(owner), cause);
      }
      flush();
      return true;
    }
  }

  /** Whether liquidation {@code id} of {@code owner} is still open, waiting for its desk. */
  public boolean liquidationOpen(Address owner, long id) {
    synchronized (this) {
      return liquidator.isOpen(owner, id);
    }
  }

  // ---- pre-trade --------------------------------------------------------------------------

  /**
   * Checks a change against the account with every open reservation applied and, if accepted,
   * reserves it under {@code intentId} so that two open intents cannot spend the same equity.
   */
  public Decision reserve(Address owner, OrderId intentId, ProposedChange change) {
    AccountCell cell = cell(owner);
    synchronized (this) {
      long now = now();
      Reserved reserved = withReservations(cell, now);
      if (cell.reservations.containsKey(intentId)) { // a retried intent: already holds its margin
        return new Decision(true, Decision.Reason.MEETS_INITIAL_MARGIN, reserved.totals());
      }
      Decision decision = checker.check(reserved.account(), reserved.totals(), change, this, now);
      if (decision.accepted()) {
        cell.reservations.put(intentId, change);
      }
      return decision;
    }
  }

  @Override
  public Decision reprice(Address owner, OrderId intentId, ProposedChange change) {
    synchronized (this) {
      release(owner, intentId);
      return reserve(owner, intentId, change);
    }
  }

  /** Puts back a reservation held before a restart, without checking it again. */
  public void restoreReservation(Address owner, OrderId intentId, ProposedChange change) {
    AccountCell cell = cell(owner);
    synchronized (this) {
      cell.reservations.put(intentId, change);
    }
  }

  /** Releases a reservation (the intent was cancelled, expired or rejected). */
  public void release(Address owner, OrderId intentId) {
    AccountCell cell = accounts.get(owner);
    if (cell != null) {
      synchronized (this) {
        cell.reservations.remove(intentId);
      }
    }
  }

  @Override
  public void releaseUnstored(Address owner, OrderId intentId) {
    release(owner, intentId); // one engine keeps no mark of a release: any may be asked again
  }

  /** A what-if: the check without reserving. An unknown account is checked as empty, not stored. */
  public Decision whatIf(Address owner, ProposedChange change) {
    AccountCell cell = existingOrEmpty(owner);
    synchronized (this) {
      long now = now();
      Reserved reserved = withReservations(cell, now);
      return checker.check(reserved.account(), reserved.totals(), change, this, now);
    }
  }

  /** The account as it stands; an unknown one reads as empty and is not stored. */
  public AccountSnapshot snapshot(Address owner) {
    AccountCell cell = existingOrEmpty(owner);
    synchronized (this) {
      return snapshotOf(cell);
    }
  }

  /**
   * An account this engine does not hold (another replica writes it, and this one read it from the
   * store), with the reservations held on it, valued at this engine's prices now. Its staged health
   * is not stored: the snapshot reads the health its totals show now.
   */
  public AccountSnapshot snapshot(Account account, Map<OrderId, ProposedChange> reservations) {
    AccountCell cell = detached(account, reservations);
    synchronized (this) {
      cell.health = valuator.health(totals(cell, now()));
      cell.lastCause = "stored";
      return snapshotOf(cell);
    }
  }

  /** The check of a change against an account this engine does not hold ({@link #snapshot}). */
  public Decision whatIf(
      Account account, Map<OrderId, ProposedChange> reservations, ProposedChange change) {
    AccountCell cell = detached(account, reservations);
    synchronized (this) {
      long now = now();
      Reserved reserved = withReservations(cell, now);
      return checker.check(reserved.account(), reserved.totals(), change, this, now);
    }
  }

  private static AccountCell detached(Account account, Map<OrderId, ProposedChange> reservations) {
    AccountCell cell = new AccountCell(account);
    cell.reservations.putAll(reservations);
    return cell;
  }

  private AccountSnapshot snapshotOf(AccountCell cell) {
    return new AccountSnapshot(
        cell.account,
        valuator.valuate(cell.account, this, now()),
        cell.health,
        cell.reservations.size(),
        cell.lastCause);
  }

  public int accountCount() {
    return accounts.size();
  }

  /**
   * Every account with its totals now, copied under the engine's lock for read-only monitors (the
   * contagion monitor, the stress engine): accounts are immutable, so the copy is a consistent
   * picture of the ledger. Totals come from each account's cache where it is still valid; nothing
   * but that cache is touched.
   */
  public List<ValuedAccount> valuedAccounts() {
    synchronized (this) {
      long now = now();
      List<ValuedAccount> all = new ArrayList<>(accounts.size());
      for (Map.Entry<Address, AccountCell> e : accounts.entrySet()) {
        AccountCell cell = e.getValue();
        all.add(new ValuedAccount(cell.account, totals(cell, now), clearing.isSystem(e.getKey())));
      }
      return all;
    }
  }

  /**
   * Accounts this engine does not hold (read from another writer's store), each with its totals at
   * this engine's prices now, for read-only monitors as {@link #valuedAccounts()}.
   *
   * @param system which of them are the clearing house's own
   */
  public List<ValuedAccount> valuedAccounts(
      Collection<Account> stored, java.util.function.Predicate<Address> system) {
    synchronized (this) {
      long now = now();
      List<ValuedAccount> all = new ArrayList<>(stored.size());
      for (Account account : stored) {
        all.add(
            new ValuedAccount(
                account, totals(new AccountCell(account), now), system.test(account.owner())));
      }
      return all;
    }
  }

  /** The account with every open reservation applied, and its totals. */
  private record Reserved(Account account, Totals totals) {}

  private Reserved withReservations(AccountCell cell, long now) {
    Account account = cell.account;
    Totals totals = totals(cell, now);
    for (ProposedChange change : cell.reservations.values()) {
      Account next = change.applyTo(account);
      totals = valuator.adjust(totals, account, next, change, this, now);
      account = next;
    }
    return new Reserved(account, totals);
  }

  /** The cell's totals, recomputed only when something they depend on changed. */
  private Totals totals(AccountCell cell, long now) {
    if (cell.totalsOf == cell.account
        && now >= cell.totalsFrom
        && now <= cell.totalsUntil
        && unchangedSince(cell)) {
      return cell.totals;
    }
    long stamp = epoch.get(); // read before valuing: a tick meanwhile leaves the entry stale
    if (cell.totalsOf != cell.account && !sameLines(cell.totalsOf, cell.account)) {
      Set<String> assets = new HashSet<>();
      Set<Long> chains = new HashSet<>();
      cell.account
          .collateral()
          .keySet()
          .forEach(
              k -> {
                assets.add(k.asset());
                chains.add(k.chainId());
              });
      for (Position p : cell.account.positions().values()) {
        valuator.config().market(p.market()).ifPresent(m -> assets.add(m.baseAsset()));
      }
      cell.assets = assets.toArray(String[]::new);
      cell.chains = chains.stream().mapToLong(Long::longValue).toArray();
    }
    cell.totals = valuator.totals(cell.account, this, now);
    cell.totalsOf = cell.account;
    cell.totalsEpoch = stamp;
    cell.totalsFrom = now;
    cell.totalsUntil = valuator.totalsValidUntil(cell.account, this, now);
    return cell.totals;
  }

  /** Whether two versions of an account hold the same collateral lines and markets. */
  private static boolean sameLines(Account before, Account after) {
    return before != null
        && before.collateral().keySet().equals(after.collateral().keySet())
        && before.positions().keySet().equals(after.positions().keySet());
  }

  private boolean unchangedSince(AccountCell cell) {
    for (String asset : cell.assets) {
      Long changed = assetEpoch.get(asset);
      if (changed != null && changed > cell.totalsEpoch) {
        return false;
      }
    }
    for (long chain : cell.chains) {
      Long changed = chainEpoch.get(chain);
      if (changed != null && changed > cell.totalsEpoch) {
        return false;
      }
    }
    return true;
  }

  // ---- staged response --------------------------------------------------------------------

  private AccountSnapshot evaluate(Address owner, AccountCell cell, String cause) {
    long now = now();
    cell.lastCause = cause;
    AccountValue value = valuator.valuate(cell.account, this, now);
    RiskParameters params = valuator.config().parameters();
    if (clearing.isSystem(owner)) {
      cell.health = value.health(); // the clearing house's own accounts are never liquidated
    } else if (value.health() == Health.LIQUIDATABLE) {
      // without positions there is nothing to place: a debt left waits for its seizure (a line of
      // size zero, funding booked on a market no longer held, is not a position)
      value = cell.account.holdsPositions() ? liquidate(owner, cell, value, now, cause) : value;
      cell.health = Health.LIQUIDATABLE;
    } else if (value.health() == Health.CALL) {
      if (cell.callSince < 0) {
        cell.callSince = now;
        cell.health = Health.CALL;
        events.accept(
            new MarginEvent.MarginCall(owner, now, value.avMaintenance(), value.mmr(), cause));
      } else if (now - cell.callSince >= params.deleverageGraceSeconds()
          && cell.lastStepAt != now) {
        value = deleverage(owner, cell, value, now, cause);
      }
    } else if (cell.health != Health.HEALTHY) {
      cell.health = Health.HEALTHY;
      cell.callSince = -1;
      events.accept(
          new MarginEvent.Recovered(owner, now, value.avMaintenance(), value.mmr(), cause));
    }
    events.accept(
        new MarginEvent.Valued(
            owner,
            now,
            value.avMaintenance(),
            value.avInitial(),
            value.mmr(),
            value.imr(),
            cell.health,
            cause));
    return new AccountSnapshot(
        cell.account, value, cell.health, cell.reservations.size(), cell.lastCause);
  }

  /** Hands a step of the largest-notional position to the insurance fund, at the mark. */
  private AccountValue deleverage(
      Address owner, AccountCell cell, AccountValue value, long now, String cause) {
    PositionLine largest =
        value.positions().stream().max(Comparator.comparing(PositionLine::notional)).orElseThrow();
    if (largest.stale()) {
      return value; // never at a stale mark
    }
    BigInteger step =
        Wad.mulUp(largest.size().abs(), valuator.config().parameters().deleverageStep());
    BigInteger delta =
        step.min(largest.size().abs()).multiply(BigInteger.valueOf(-largest.size().signum()));
    book(
        Trade.at(
            largest.market(),
            clearing.insuranceFund(),
            owner,
            delta.negate(),
            largest.markPrice()));
    cell.health = Health.DELEVERAGING;
    cell.lastStepAt = now;
    AccountValue after = valuator.valuate(cell.account, this, now);
    events.accept(
        new MarginEvent.Deleverage(
            owner,
            now,
            largest.market(),
            delta.abs(),
            largest.markPrice(),
            after.avMaintenance(),
            after.mmr(),
            cause));
    if (after.health() == Health.HEALTHY) {
      cell.health = Health.HEALTHY;
      cell.callSince = -1;
    }
    return after;
  }

  /** Starts (or, without a desk, runs) the liquidation waterfall. */
  private AccountValue liquidate(
      Address owner, AccountCell cell, AccountValue value, long now, String cause) {
    cell.reservations.clear();
    cell.health = Health.LIQUIDATABLE;
    cell.callSince = -1;
    liquidator.start(owner, value, now, cause);
    return valuator.valuate(cell.account, this, now);
  }

  /** Package access for the liquidator: the account value now. */
  AccountValue valueOf(Address owner, long now) {
    return valuator.valuate(cell(owner).account, this, now);
  }

  /** Package access for the liquidator: every account with a position in {@code market}. */
  List<Account> holders(String market) {
    List<Account> holders = new ArrayList<>();
    for (AccountCell c : accounts.values()) {
      if (!c.account.position(market).isFlat()) {
        holders.add(c.account);
      }
    }
    return holders;
  }

  void publish(MarginEvent event) {
    events.accept(event);
  }

  // ---- indexes ----------------------------------------------------------------------------

  private AccountCell cell(Address owner) {
    return accounts.computeIfAbsent(owner, o -> new AccountCell(Account.empty(o)));
  }

  /**
   * For reads: the account's cell, or a fresh empty one that is not kept. Anyone may read any
   * address, so a read must not allocate state per address asked about.
   */
  private AccountCell existingOrEmpty(Address owner) {
    AccountCell cell = accounts.get(owner);
    return cell != null ? cell : new AccountCell(Account.empty(owner));
  }

  /**
   * Keeps asset → accounts and chain → accounts current (entries are never removed: cheap, safe).
   */
  private void index(Address owner, Account account) {
    for (CollateralKey key : account.collateral().keySet()) {
      byAsset.computeIfAbsent(key.asset(), a -> ConcurrentHashMap.newKeySet()).add(owner);
      byChain.computeIfAbsent(key.chainId(), c -> ConcurrentHashMap.newKeySet()).add(owner);
    }
    for (Position position : account.positions().values()) {
      valuator
          .config()
          .market(position.market())
          .ifPresent(
              spec ->
                  byAsset
                      .computeIfAbsent(spec.baseAsset(), a -> ConcurrentHashMap.newKeySet())
                      .add(owner));
    }
  }

  private long now() {
    return nowSeconds.getAsLong();
  }
}
