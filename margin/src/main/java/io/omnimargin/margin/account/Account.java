package io.omnimargin.margin.account;

import io.omnimargin.margin.risk.CollateralKey;
import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.Map;

/**
 * One cross-chain account (a trader's, a solver's or the clearing house's own), immutable:
 * collateral balances by (chain, asset) in the token's base units, positions by market, hub cash
 * (realized PnL, fees, funding and penalties, wad USD, may be negative: a debt), and the running
 * totals of fees and funding that cash has moved.
 */
public record Account(
    Address owner,
    Map<CollateralKey, BigInteger> collateral,
    Map<String, Position> positions,
    BigInteger cash,
    Flows flows) {

  public Account {
    collateral = Map.copyOf(collateral);
    positions = Map.copyOf(positions);
  }

  /** An account with no fee or funding history. */
  public Account(
      Address owner,
      Map<CollateralKey, BigInteger> collateral,
      Map<String, Position> positions,
      BigInteger cash) {
    this(owner, collateral, positions, cash, Flows.NONE);
  }

  public static Account empty(Address owner) {
    return new Account(owner, Map.of(), Map.of(), BigInteger.ZERO);
  }

  public BigInteger balance(CollateralKey key) {
    return collateral.getOrDefault(key, BigInteger.ZERO);
  }

  /** Adds {@code delta} base units (negative for a debit); a balance never goes below zero. */
  public Account withCollateral(CollateralKey key, BigInteger delta) {
    BigInteger next = balance(key).add(delta);
    if (next.signum() < 0) {
      throw new IllegalArgumentException("debit exceeds the " + key + " balance");
    }
    Map<CollateralKey, BigInteger> copy = new HashMap<>(collateral);
    if (next.signum() == 0) {
      copy.remove(key);
    } else {
      copy.put(key, next);
    }
    return new Account(owner, copy, positions, cash, flows);
  }

  /** Adds {@code delta} wad USD to hub cash (seized collateral paying a liquidation's loss). */
  public Account withCash(BigInteger delta) {
    return new Account(owner, collateral, positions, cash.add(delta), flows);
  }

  /** Pays {@code paid} and receives {@code earned} of fees (wad USD, ≥ 0) in cash. */
  public Account withFees(BigInteger paid, BigInteger earned) {
    return new Account(
        owner, collateral, positions, cash.add(earned).subtract(paid), flows.fees(paid, earned));
  }

  /**
   * Books a funding payment on the {@code market} position: {@code received} wad USD (negative when
   * paid) into cash, the position's accrued funding and the account's totals.
   */
  public Account withFunding(String market, BigInteger received) {
    Position next = position(market).withFunding(received);
    Map<String, Position> copy;
    if (positions.size() == 1 && positions.containsKey(market)) {
      copy = Map.of(market, next); // the common case, without a copy of the map
    } else {
      copy = new HashMap<>(positions);
      copy.put(market, next);
    }
    return new Account(owner, collateral, copy, cash.add(received), flows.funding(received));
  }

  /**
   * Whether the account holds any position: a line of size zero (funding booked late on a market no
   * longer held) is none.
   */
  public boolean holdsPositions() {
    return positions.values().stream().anyMatch(p -> !p.isFlat());
  }

  public Position position(String market) {
    return positions.getOrDefault(market, new Position(market, BigInteger.ZERO, BigInteger.ZERO));
  }

  /** Applies a fill of {@code delta} base units at {@code price}; realized PnL goes to cash. */
  public Account withFill(String market, BigInteger delta, BigInteger price) {
    return withTrade(market, delta, Position.notional(delta, price));
  }

  /**
   * Books one side of a trade: {@code delta} base units whose notional is {@code booked} (the same
   * number, negated, books the other side); realized PnL goes to cash.
   */
  public Account withTrade(String market, BigInteger delta, BigInteger booked) {
    Position.Fill fill = position(market).book(delta, booked);
    Map<String, Position> copy = new HashMap<>(positions);
    if (fill.position().isFlat()) {
      copy.remove(market);
    } else {
      copy.put(market, fill.position());
    }
    return new Account(owner, collateral, copy, cash.add(fill.realizedPnl()), flows);
  }
}
