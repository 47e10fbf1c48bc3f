package io.omnimargin.margin.account;

import io.omnimargin.margin.fixed.Wad;
import java.math.BigInteger;

/**
 * A position in one market: signed size in base units with 18 decimals (+ long, − short) and the
 * average entry price (wad USD).
 */
public record Position(String market, BigInteger size, BigInteger entryPrice) {

  public boolean isFlat() {
    return size.signum() == 0;
  }

  /** Whether adding {@code delta} makes the position smaller in absolute size without flipping. */
  public boolean isReducedBy(BigInteger delta) {
    return size.signum() != 0
        && delta.signum() == -size.signum()
        && delta.abs().compareTo(size.abs()) <= 0;
  }

  /** The position after a fill of {@code delta} at {@code price}, and the PnL the fill realizes. */
  public Fill fill(BigInteger delta, BigInteger price) {
    BigInteger next = size.add(delta);
    if (size.signum() == 0 || size.signum() == delta.signum()) {
      // Growing: the entry is the size-weighted average, rounded against the holder.
      BigInteger cost = size.abs().multiply(entryPrice).add(delta.abs().multiply(price));
      BigInteger entry =
          next.signum() > 0 ? Wad.ceilDiv(cost, next.abs()) : Wad.floorDiv(cost, next.abs());
      return new Fill(new Position(market, next, entry), BigInteger.ZERO);
    }
    BigInteger closed = delta.abs().min(size.abs()).multiply(BigInteger.valueOf(size.signum()));
    BigInteger realized = Wad.mulDown(closed, price.subtract(entryPrice));
    BigInteger entry = next.signum() == size.signum() || next.signum() == 0 ? entryPrice : price;
    return new Fill(new Position(market, next, entry), realized);
  }

  /** A fill's result: the new position and the PnL it moved to cash. */
  public record Fill(Position position, BigInteger realizedPnl) {}
}
