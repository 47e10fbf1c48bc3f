package io.omnimargin.margin.engine;

import io.omnimargin.margin.account.Account;
import io.omnimargin.margin.account.Position;
import io.omnimargin.margin.clearing.ClearingParameters;
import io.omnimargin.margin.clearing.Takeover;
import io.omnimargin.margin.clearing.Trade;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.valuation.AccountValue;
import io.omnimargin.margin.valuation.PositionLine;
import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The liquidation waterfall, run by the engine under its lock: (1) the engine has cancelled the
 * account's reservations; (2) its positions are offered with their bankruptcy prices, and a
 * solver's takeover no worse than them wins; (3) with no valid bid the insurance fund takes them at
 * the mark, or, when paying the deficit would take the fund below its floor, (4) auto-deleverage
 * closes them at the bankruptcy price against the most profitable opposite positions. A penalty
 * (never more than the equity left) goes to the insurance fund; any deficit left is paid by it.
 * Every step is a trade or a transfer, so the books stay balanced. Nothing happens at a stale or
 * missing mark.
 */
final class Liquidator {
  private record Open(
      long id,
      List<MarginEvent.Offer> offers,
      BigInteger avMaintenance,
      BigInteger mmr,
      String cause) {}

  private final MarginEngine engine;
  private final ClearingParameters clearing;
  private final Map<Address, Open> open = new HashMap<>();
  private final Set<Address> blocked = new HashSet<>();
  private boolean desk;
  private long seq;

  Liquidator(MarginEngine engine, ClearingParameters clearing) {
    this.engine = engine;
    this.clearing = clearing;
  }

  /** Forgets the liquidations under way, for an engine that reloads its ledger. */
  void forget() {
    open.clear();
    blocked.clear();
  }

  void useDesk(boolean desk) {
    this.desk = desk;
  }

  /** Numbers the liquidations started from now on after {@code last} (if it is past the last). */
  void numberAfter(long last) {
    seq = Math.max(seq, last);
  }

  /** Offers the account's positions; without a desk, completes at once with no bid. */
  void start(Address owner, AccountValue value, long now, String cause) {
    if (open.containsKey(owner)) {
      return; // an auction for it is running
    }
    Optional<String> stale = staleMark(value);
    if (stale.isPresent()) {
      if (blocked.add(owner)) {
        engine.publish(
            new MarginEvent.LiquidationBlocked(owner, now, "stale-price: " + stale.get(), cause));
      }
      return;
    }
    blocked.remove(owner);
    long id = ++seq;
    List<MarginEvent.Offer> offers = offers(value);
    open.put(owner, new Open(id, offers, value.avMaintenance(), value.mmr(), cause));
    engine.publish(
        new MarginEvent.LiquidationStarted(
            owner, now, id, offers, value.avMaintenance(), value.mmr(), cause));
    if (!desk) {
      complete(owner, id, Optional.empty(), now);
    }
  }

  /** Whether liquidation {@code id} of {@code owner} is open (started, not completed). */
  boolean isOpen(Address owner, long id) {
    Open o = open.get(owner);
    return o != null && o.id() == id;
  }

  /**
   * Drops liquidation {@code id} when the account's positions are no longer those it offered (a
   * fill or a trade's leg landed while it waited for its desk): its bids and its fallback were
   * priced for sizes the account no longer holds, so none of them may be booked.
   *
   * @return whether it was open and is now dropped; the engine then values the account again, which
   *     starts a new liquidation with fresh offers if it is still liquidatable
   */
  boolean supersede(Address owner, long id, Account account) {
    if (!isOpen(owner, id)) {
      return false;
    }
    Map<String, BigInteger> offered = new HashMap<>();
    open.get(owner).offers().stream()
        .filter(o -> o.size().signum() != 0)
        .forEach(o -> offered.put(o.market(), o.size()));
    Map<String, BigInteger> held = new HashMap<>();
    account
        .positions()
        .forEach(
            (market, position) -> {
              if (!position.isFlat()) {
                held.put(market, position.size());
              }
            });
    if (held.equals(offered)) {
      return false;
    }
    open.remove(owner);
    return true;
  }

  /**
   * Finishes liquidation {@code id}; the event published, or null when it is not open or a mark
   * went stale.
   */
  MarginEvent.Liquidation complete(Address owner, long id, Optional<Takeover> bid, long now) {
    if (!isOpen(owner, id)) {
      return null;
    }
    Open o = open.get(owner);
    AccountValue value = engine.valueOf(owner, now);
    if (staleMark(value).isPresent()) {
      return null; // stays open until a fresh price
    }
    open.remove(owner);
    Optional<Takeover> valid = bid.filter(b -> acceptable(owner, b, o.offers()));
    Address taker;
    Map<String, BigInteger> prices = new LinkedHashMap<>();
    List<MarginEvent.AdlStep> adl = new ArrayList<>();
    if (valid.isPresent()) {
      taker = valid.get().taker();
      o.offers()
          .forEach(offer -> prices.put(offer.market(), valid.get().prices().get(offer.market())));
      takeOver(id, owner, taker, o.offers(), prices);
    } else if (insuranceCanPay(value, now)) {
      taker = clearing.insuranceFund();
      o.offers().forEach(offer -> prices.put(offer.market(), offer.mark()));
      takeOver(id, owner, taker, o.offers(), prices);
    } else {
      taker = null;
      o.offers().forEach(offer -> prices.put(offer.market(), offer.bankruptcyPrice()));
      o.offers().forEach(offer -> adl.addAll(deleverage(id, owner, offer)));
    }
    BigInteger penalty = penalty(owner, o.offers(), prices, now);
    BigInteger deficit = Wad.clampAtZero(engine.valueOf(owner, now).avMaintenance().negate());
    if (deficit.signum() > 0) {
      engine.transfer(clearing.insuranceFund(), owner, deficit);
    }
    MarginEvent.Liquidation done =
        new MarginEvent.Liquidation(
            owner,
            now,
            id,
            o.avMaintenance(),
            o.mmr(),
            taker,
            prices,
            penalty,
            deficit,
            adl,
            o.cause());
    engine.publish(done);
    return done;
  }

  /** Each position with its mark and the price at which the account's equity would be zero. */
  private static List<MarginEvent.Offer> offers(AccountValue value) {
    BigInteger total = BigInteger.ZERO;
    for (PositionLine line : value.positions()) {
      total = total.add(line.notional());
    }
    List<MarginEvent.Offer> offers = new ArrayList<>();
    for (PositionLine line : value.positions()) {
      if (line.size().signum() == 0) {
        continue; // funding booked on a market no longer held: nothing to place
      }
      offers.add(
          new MarginEvent.Offer(
              line.market(),
              line.size(),
              line.markPrice(),
              bankruptcyPrice(line, value.avMaintenance(), total)));
    }
    return offers;
  }

  /**
   * {@code mark − equityShare / size}: the account's equity spread over its positions by notional;
   * rounded toward the system (up for a long, which the taker buys; down for a short).
   */
  static BigInteger bankruptcyPrice(
      PositionLine line, BigInteger equity, BigInteger totalNotional) {
    BigInteger numerator = equity.multiply(line.notional()).multiply(Wad.ONE);
    BigInteger denominator = totalNotional.multiply(line.size());
    BigInteger shift =
        line.size().signum() > 0
            ? Wad.floorDiv(numerator, denominator)
            : Wad.ceilDiv(numerator.negate(), denominator.negate());
    return line.markPrice().subtract(shift).max(BigInteger.ONE);
  }

  private static Optional<String> staleMark(AccountValue value) {
    return value.positions().stream()
        .filter(PositionLine::stale)
        .map(PositionLine::market)
        .findFirst();
  }

  /**
   * A takeover is valid when it prices every offered position no worse than its bankruptcy price.
   */
  private boolean acceptable(Address owner, Takeover bid, List<MarginEvent.Offer> offers) {
    if (bid.taker().equals(owner) || clearing.isSystem(bid.taker())) {
      return false;
    }
    for (MarginEvent.Offer offer : offers) {
      BigInteger price = bid.prices().get(offer.market());
      if (price == null || price.signum() <= 0) {
        return false;
      }
      int side = offer.size().signum();
      if (price.subtract(offer.bankruptcyPrice()).signum() * side < 0) {
        return false; // a long sold below, or a short bought above, its bankruptcy price
      }
    }
    return true;
  }

  /** Whether the insurance fund can pay the deficit the account leaves at the mark. */
  private boolean insuranceCanPay(AccountValue value, long now) {
    BigInteger deficit = Wad.clampAtZero(value.avMaintenance().negate());
    if (deficit.signum() == 0) {
      return true;
    }
    // on a partitioned ledger the fund is the sum of its shards: this one and the others
    BigInteger fund =
        engine
            .valueOf(clearing.insuranceFund(), now)
            .avMaintenance()
            .add(engine.insuranceElsewhere());
    return fund.subtract(deficit).compareTo(clearing.insuranceFloor()) >= 0;
  }

  private void takeOver(
      long id,
      Address owner,
      Address taker,
      List<MarginEvent.Offer> offers,
      Map<String, BigInteger> prices) {
    for (MarginEvent.Offer offer : offers) {
      engine.book(
          Trade.at(offer.market(), taker, owner, offer.size(), prices.get(offer.market())),
          // a solver's leg consumes the margin its desk held for this position, where it lands
          Takeover.hold(id, offer.market()).toHex());
    }
  }

  /**
   * Closes {@code offer} at its bankruptcy price against opposite positions, most profitable first
   * (then the most levered).
   */
  private List<MarginEvent.AdlStep> deleverage(long id, Address owner, MarginEvent.Offer offer) {
    BigInteger mark = offer.mark();
    List<Account> opposite = new ArrayList<>();
    List<Account> holders = new ArrayList<>(engine.holders(offer.market()));
    holders.addAll(engine.holdersElsewhere(offer.market())); // other partitions', as stored
    for (Account a : holders) {
      if (!a.owner().equals(owner)
          && a.position(offer.market()).size().signum() == -offer.size().signum()) {
        opposite.add(a);
      }
    }
    opposite.sort(
        Comparator.comparing((Account a) -> a.position(offer.market()).unrealized(mark))
            .reversed()
            .thenComparing(
                a -> a.position(offer.market()).size().abs(), Comparator.reverseOrder()));
    List<MarginEvent.AdlStep> steps = new ArrayList<>();
    BigInteger remaining = offer.size().abs();
    for (Account a : opposite) {
      if (remaining.signum() == 0) {
        break;
      }
      BigInteger q = a.position(offer.market()).size().abs().min(remaining);
      BigInteger delta = q.multiply(BigInteger.valueOf(offer.size().signum()));
      engine.bookDeleverage(
          Trade.at(offer.market(), a.owner(), owner, delta, offer.bankruptcyPrice()),
          "adl/" + id + "/" + offer.market() + "/" + a.owner().toLowerHex());
      steps.add(new MarginEvent.AdlStep(offer.market(), a.owner(), q, offer.bankruptcyPrice()));
      remaining = remaining.subtract(q);
    }
    return steps;
  }

  /** The penalty on the notional placed, never more than the equity left; paid in cash. */
  private BigInteger penalty(
      Address owner, List<MarginEvent.Offer> offers, Map<String, BigInteger> prices, long now) {
    BigInteger notional = BigInteger.ZERO;
    for (MarginEvent.Offer offer : offers) {
      notional = notional.add(Position.notional(offer.size().abs(), prices.get(offer.market())));
    }
    BigInteger equity = Wad.clampAtZero(engine.valueOf(owner, now).avMaintenance());
    BigInteger penalty = Wad.mulDown(notional, clearing.liquidationPenalty()).min(equity);
    if (penalty.signum() > 0) {
      engine.payFee(owner, clearing.insuranceFund(), penalty);
    }
    return penalty;
  }
}
