package io.omnimargin.margin.account;

import io.omnimargin.margin.fixed.Wad;
import java.math.BigInteger;

/**
 * A position in one market: signed size in base units with 18 decimals (+ long, − short) and its
 * cost basis, the signed sum of the notionals booked into it (wad USD, + for a long). The cost is
 * kept exactly as booked, never as a rounded average entry price: a trade books the same notional
 * into both sides with opposite signs, so across the ledger the cost bases cancel to the wei.
 * {@code funding} is the funding this position has accrued since it was opened on its side (wad
 * USD, + received), for people to read: the payments themselves are already in cash.
 */
public record Position(String market, BigInteger size, BigInteger cost, BigInteger funding) {

  public Position(String market, BigInteger size, BigInteger cost) {
    this(market, size, cost, BigInteger.ZERO);
  }

  /** A position opened at {@code entryPrice}: its cost is {@code size · entryPrice}. */
  public static Position at(String market, BigInteger size, BigInteger entryPrice) {
    return new Position(market, size, notional(size, entryPrice));
  }

  /**
   * The notional a trade of {@code delta} at {@code price} books, signed like {@code delta}: one
   * rounding (toward zero) that both sides of the trade share.
   */
  public static BigInteger notional(BigInteger delta, BigInteger price) {
    BigInteger magnitude = Wad.mulDown(delta.abs(), price);
    return delta.signum() < 0 ? magnitude.negate() : magnitude;
  }

  public Position withFunding(BigInteger received) {
    return new Position(market, size, cost, funding.add(received));
  }

  public boolean isFlat() {
    return size.signum() == 0;
  }

  /** The average entry price, for people ({@code cost / size}); never used in arithmetic. */
  public BigInteger entryPrice() {
    return size.signum() == 0
        ? BigInteger.ZERO
        : cost.multiply(Wad.ONE).divide(size); // both share a sign: the price is positive
  }

  /** Unrealized PnL at {@code mark}: {@code size · mark − cost}. */
  public BigInteger unrealized(BigInteger mark) {
    return notional(size, mark).subtract(cost);
  }

  /** Whether adding {@code delta} makes the position smaller in absolute size without flipping. */
  public boolean isReducedBy(BigInteger delta) {
    return size.signum() != 0
        && delta.signum() == -size.signum()
        && delta.abs().compareTo(size.abs()) <= 0;
  }

  /**
   * The position after booking a trade of {@code delta} whose notional is {@code booked} (see
   * {@link #notional}), and the PnL it realizes into cash. Growing adds the notional to the cost;
   * reducing keeps the remaining size's share of the old cost and realizes the rest; flipping
   * closes the old position and opens the rest at the trade's price. In every case {@code cash −
   * cost} changes by exactly {@code −booked}, which is what keeps the ledger balanced.
   */
  public Fill book(BigInteger delta, BigInteger booked) {
    BigInteger next = size.add(delta);
    if (size.signum() == 0 || size.signum() == delta.signum()) {
      return new Fill(new Position(market, next, cost.add(booked), funding), BigInteger.ZERO);
    }
    if (next.signum() == 0 || next.signum() == size.signum()) {
      BigInteger kept = cost.multiply(next).divide(size); // the remaining size's share
      return new Fill(new Position(market, next, kept, funding), kept.subtract(cost.add(booked)));
    }
    // flipped: the closing part's share of the notional, then the rest opens the new side (its
    // accrued funding starts afresh)
    BigInteger closing = booked.multiply(size.negate()).divide(delta);
    BigInteger opening = booked.subtract(closing);
    return new Fill(new Position(market, next, opening), cost.add(closing).negate());
  }

  /** A fill at {@code price}, as one side of a trade books it. */
  public Fill fill(BigInteger delta, BigInteger price) {
    return book(delta, notional(delta, price));
  }

  /** A fill's result: the new position and the PnL it moved to cash. */
  public record Fill(Position position, BigInteger realizedPnl) {}
}
