package io.omnimargin.cluster.partition;

import io.omnimargin.margin.clearing.TradeLeg;
import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * How an auto-deleverage leg lands ({@link OutboundLeg#capped}): it closes the account's opposite
 * position only as far as the account still holds it, and the rest, at the same price, goes to
 * {@code rest} (the insurance fund's shard where it lands). The booked notional is split in
 * proportion, the rest getting exactly what is left: the parts add up to the leg.
 */
final class CappedLegs {
  private CappedLegs() {}

  /**
   * The legs to book for {@code leg} on an account holding {@code held} of its market: the leg
   * itself when it closes no more than that, else the account's part (if any) and the rest's.
   */
  static List<TradeLeg> split(TradeLeg leg, BigInteger held, Address rest) {
    BigInteger closable =
        held.signum() == -leg.delta().signum()
            ? held.abs().min(leg.delta().abs())
            : BigInteger.ZERO;
    if (closable.equals(leg.delta().abs())) {
      return List.of(leg);
    }
    BigInteger delta = closable.multiply(BigInteger.valueOf(leg.delta().signum()));
    BigInteger booked = leg.booked().multiply(closable).divide(leg.delta().abs());
    List<TradeLeg> parts = new ArrayList<>();
    if (closable.signum() > 0) {
      parts.add(
          new TradeLeg(
              leg.tradeId(),
              leg.account(),
              leg.market(),
              delta,
              booked,
              BigInteger.ZERO,
              BigInteger.ZERO));
    }
    parts.add(
        new TradeLeg(
            leg.tradeId() + "/rest",
            rest,
            leg.market(),
            leg.delta().subtract(delta),
            leg.booked().subtract(booked),
            leg.feesPaid(),
            leg.feesEarned()));
    return parts;
  }
}
