package io.omnimargin.margin.valuation;

import io.omnimargin.margin.account.Account;
import io.omnimargin.margin.account.Position;
import io.omnimargin.margin.decision.ProposedChange;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.risk.CollateralKey;
import io.omnimargin.margin.risk.MarketSpec;
import io.omnimargin.margin.risk.RiskConfig;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Values an account exactly as {@code shared/spec/margin.md}, in fixed point, rounding toward
 * safety: collateral values and PnL down, requirements up.
 */
public final class Valuator {
  private final RiskConfig config;
  private final BufferTable buffers;

  public Valuator(RiskConfig config) {
    this.config = config;
    this.buffers = new BufferTable(config);
  }

  public RiskConfig config() {
    return config;
  }

  public BufferTable buffers() {
    return buffers;
  }

  /**
   * The same four numbers as {@link #valuate}, without building the lines: the pre-trade check's
   * hot path. {@code ValuatorTotalsTest} holds the two paths equal.
   */
  public Totals totals(Account account, MarketData market, long now) {
    Sums sums = new Sums(account.cash());
    for (Map.Entry<CollateralKey, BigInteger> balance : account.collateral().entrySet()) {
      addCollateral(sums, balance.getKey(), balance.getValue(), market, now, false);
    }
    for (Position position : account.positions().values()) {
      addPosition(sums, position, market, now, false);
    }
    return sums.totals();
  }

  /**
   * The totals of {@code after} from those of {@code before}, where {@code after} is {@code change}
   * applied to {@code before}: only the lines the change touches are valued again. Each line is
   * rounded on its own in both paths, so this equals {@link #totals} of {@code after} exactly
   * ({@code IncrementalTotalsTest}).
   */
  public Totals adjust(
      Totals before, Account from, Account to, ProposedChange change, MarketData market, long now) {
    Sums sums = new Sums(before);
    sums.cash(to.cash().subtract(from.cash()));
    if (change instanceof ProposedChange.Order order) {
      Position old = from.position(order.market());
      if (!old.isFlat()) {
        addPosition(sums, old, market, now, true);
      }
      Position next = to.position(order.market());
      if (!next.isFlat()) {
        addPosition(sums, next, market, now, false);
      }
    } else if (change instanceof ProposedChange.Withdrawal withdrawal) {
      CollateralKey key = withdrawal.collateral();
      addCollateral(sums, key, from.balance(key), market, now, true);
      addCollateral(sums, key, to.balance(key), market, now, false);
    }
    return sums.totals();
  }

  /**
   * Until when (unix seconds) totals computed at {@code now} stay right if no price, route or
   * balance changes: the first moment a held collateral price passes its heartbeat and stops
   * counting toward {@code AV_i}.
   */
  public long totalsValidUntil(Account account, MarketData market, long now) {
    long until = Long.MAX_VALUE;
    for (CollateralKey key : account.collateral().keySet()) {
      Weights w = buffers.weights(key);
      Optional<Price> price = market.price(key.asset());
      if (w != null && price.isPresent()) {
        long expiry = price.get().publishTime() + w.heartbeatSeconds();
        if (expiry >= now) {
          until = Math.min(until, expiry);
        }
      }
    }
    return until;
  }

  /** A running sum of line contributions, added or taken away. */
  private static final class Sums {
    BigInteger avM;
    BigInteger avI;
    BigInteger mmr;
    BigInteger imr;

    Sums(BigInteger cash) {
      avM = cash;
      avI = cash;
      mmr = BigInteger.ZERO;
      imr = BigInteger.ZERO;
    }

    Sums(Totals t) {
      avM = t.avMaintenance();
      avI = t.avInitial();
      mmr = t.mmr();
      imr = t.imr();
    }

    void cash(BigInteger delta) {
      avM = avM.add(delta);
      avI = avI.add(delta);
    }

    Totals totals() {
      return new Totals(avM, avI, mmr, imr);
    }
  }

  private void addCollateral(
      Sums sums,
      CollateralKey key,
      BigInteger amount,
      MarketData market,
      long now,
      boolean subtract) {
    if (amount.signum() == 0) {
      return;
    }
    Weights w = buffers.weights(key);
    Optional<Price> price = market.price(key.asset());
    if (w == null || price.isEmpty() || !market.routeLive(key.chainId())) {
      return; // counts zero
    }
    BigInteger usd = price.get().usd();
    BigInteger m = value(amount, usd, w.maintenance(), w.divisor());
    sums.avM = subtract ? sums.avM.subtract(m) : sums.avM.add(m);
    if (now - price.get().publishTime() <= w.heartbeatSeconds()) {
      BigInteger i = value(amount, usd, w.initial(), w.divisor());
      sums.avI = subtract ? sums.avI.subtract(i) : sums.avI.add(i);
    }
  }

  private void addPosition(
      Sums sums, Position position, MarketData market, long now, boolean subtract) {
    PositionLine line = position(position, market, now);
    if (subtract) {
      sums.avM = sums.avM.subtract(line.unrealizedPnl());
      sums.avI = sums.avI.subtract(line.unrealizedPnl());
      sums.mmr = sums.mmr.subtract(line.maintenanceRequirement());
      sums.imr = sums.imr.subtract(line.initialRequirement());
    } else {
      sums.avM = sums.avM.add(line.unrealizedPnl());
      sums.avI = sums.avI.add(line.unrealizedPnl());
      sums.mmr = sums.mmr.add(line.maintenanceRequirement());
      sums.imr = sums.imr.add(line.initialRequirement());
    }
  }

  public AccountValue valuate(Account account, MarketData market, long now) {
    List<CollateralLine> lines = new ArrayList<>();
    BigInteger avM = account.cash();
    BigInteger avI = account.cash();
    for (Map.Entry<CollateralKey, BigInteger> balance : account.collateral().entrySet()) {
      CollateralLine line = collateral(balance.getKey(), balance.getValue(), market, now);
      lines.add(line);
      avM = avM.add(line.valueMaintenance());
      avI = avI.add(line.valueInitial());
    }
    List<PositionLine> positions = new ArrayList<>();
    BigInteger notional = BigInteger.ZERO;
    BigInteger mmr = BigInteger.ZERO;
    BigInteger imr = BigInteger.ZERO;
    for (Position position : account.positions().values()) {
      PositionLine line = position(position, market, now);
      positions.add(line);
      avM = avM.add(line.unrealizedPnl());
      avI = avI.add(line.unrealizedPnl());
      notional = notional.add(line.notional());
      mmr = mmr.add(line.maintenanceRequirement());
      imr = imr.add(line.initialRequirement());
    }
    lines.sort(
        (a, b) ->
            a.chainId() != b.chainId()
                ? Long.compare(a.chainId(), b.chainId())
                : a.asset().compareTo(b.asset()));
    positions.sort((a, b) -> a.market().compareTo(b.market()));
    Optional<BigInteger> gearing =
        avM.signum() > 0 ? Optional.of(Wad.divUp(notional, avM)) : Optional.empty();
    return new AccountValue(
        lines,
        positions,
        account.cash(),
        avM,
        avI,
        mmr,
        imr,
        gearing,
        health(avM, mmr),
        backstop(avM, mmr));
  }

  private CollateralLine collateral(
      CollateralKey key, BigInteger amount, MarketData market, long now) {
    Weights w = buffers.weights(key); // null: not in the risk table, counts nothing
    Optional<Price> price = market.price(key.asset());
    long age = price.map(p -> Math.max(0, now - p.publishTime())).orElse(-1L);
    boolean live = w != null && market.routeLive(key.chainId());
    boolean fresh = w != null && price.isPresent() && age <= w.heartbeatSeconds();
    BigInteger wM = live ? w.maintenance() : BigInteger.ZERO;
    BigInteger wI = live && fresh ? w.initial() : BigInteger.ZERO;
    BigInteger p = price.map(Price::usd).orElse(BigInteger.ZERO);
    return new CollateralLine(
        key.chainId(),
        key.asset(),
        amount,
        p,
        age,
        w == null ? Wad.ONE : w.risk().haircut(),
        w == null ? BigInteger.ZERO : w.risk().buffer(),
        w == null ? BigInteger.ZERO : w.effectiveBuffer(),
        live ? w.discount() : BigInteger.ZERO,
        wM,
        wI,
        w == null ? BigInteger.ZERO : value(amount, p, wM, w.divisor()),
        w == null ? BigInteger.ZERO : value(amount, p, wI, w.divisor()),
        live ? w.maintenanceDiscount() : BigInteger.ZERO);
  }

  /**
   * One collateral line's maintenance value {@code V(c, w_m)}, exactly as {@link #valuate} and
   * {@link #totals} count it: zero off the risk table, without a price or with its route down. For
   * monitors that need the value per line without building every line of the account.
   */
  public BigInteger maintenanceValue(CollateralKey key, BigInteger amount, MarketData market) {
    Weights w = buffers.weights(key);
    Optional<Price> price = market.price(key.asset());
    if (w == null || price.isEmpty() || !market.routeLive(key.chainId())) {
      return BigInteger.ZERO;
    }
    return value(amount, price.get().usd(), w.maintenance(), w.divisor());
  }

  /** {@code amount · price · weight / divisor}, one rounding down at the end. */
  private static BigInteger value(
      BigInteger amount, BigInteger price, BigInteger weight, BigInteger divisor) {
    return Wad.floorDiv(amount.multiply(price).multiply(weight), divisor);
  }

  private PositionLine position(Position position, MarketData market, long now) {
    MarketSpec spec =
        config
            .market(position.market())
            .orElseThrow(() -> new IllegalStateException("unknown market " + position.market()));
    Optional<Price> mark = market.price(spec.baseAsset());
    // Without any mark the entry price stands in; the position is then flagged stale.
    BigInteger p = mark.isPresent() ? mark.get().usd() : position.entryPrice(); // not orElse: lazy
    boolean stale =
        mark.isEmpty()
            || now - mark.get().publishTime() > config.asset(spec.baseAsset()).heartbeatSeconds();
    BigInteger notional = Wad.mulUp(position.size().abs(), p);
    return new PositionLine(
        position.market(),
        position.size(),
        position.cost(),
        p,
        position.unrealized(p),
        notional,
        Wad.mulUp(notional, spec.mmf()),
        Wad.mulUp(notional, spec.imf()),
        stale);
  }

  /** Health from the totals alone: LIQUIDATABLE, CALL or HEALTHY. */
  public Health health(Totals totals) {
    return health(totals.avMaintenance(), totals.mmr());
  }

  private Health health(BigInteger avM, BigInteger mmr) {
    if (avM.compareTo(mmr) < 0) {
      return Health.LIQUIDATABLE;
    }
    BigInteger callLevel = Wad.mulUp(mmr, Wad.ONE.add(config.parameters().callBand()));
    return avM.compareTo(callLevel) < 0 ? Health.CALL : Health.HEALTHY;
  }

  private boolean backstop(BigInteger avM, BigInteger mmr) {
    return avM.compareTo(Wad.mulUp(mmr, config.parameters().backstopFraction())) < 0;
  }
}
