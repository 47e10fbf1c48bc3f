package io.omnimargin.margin.clearing;

import io.omnimargin.margin.account.Account;
import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;

/**
 * One account's side of a trade, applicable on its own: the position change ({@code delta} base
 * units whose notional is {@code booked}, wad USD, both zero for the fee pool's side) and the fees
 * the account pays and earns in cash. The legs of one trade add up to nothing: their deltas and
 * bookings cancel, and what is paid in fees is earned, so a ledger that holds some legs applied and
 * the others in flight still balances once the in-flight ones are counted.
 *
 * @param tradeId the trade's identity, the same on all its legs (a leg is applied once per id)
 */
public record TradeLeg(
    String tradeId,
    Address account,
    String market,
    BigInteger delta,
    BigInteger booked,
    BigInteger feesPaid,
    BigInteger feesEarned) {

  public TradeLeg {
    if (tradeId.isEmpty()) {
      throw new IllegalArgumentException("a leg names its trade");
    }
    if (feesPaid.signum() < 0 || feesEarned.signum() < 0) {
      throw new IllegalArgumentException("fees are never negative");
    }
    if (delta.signum() == 0 && booked.signum() != 0) {
      throw new IllegalArgumentException("a booking without a size");
    }
  }

  /** The key under which a partition remembers that it applied this leg. */
  public String key() {
    return key(tradeId, account);
  }

  /** The key of {@code account}'s leg in the trade {@code tradeId}. */
  public static String key(String tradeId, Address account) {
    return tradeId + "/" + account.toLowerHex();
  }

  /** The account after this leg: the position booked, then the fees moved in cash. */
  public Account applyTo(Account account) {
    Account traded = delta.signum() == 0 ? account : account.withTrade(market, delta, booked);
    return feesPaid.signum() == 0 && feesEarned.signum() == 0
        ? traded
        : traded.withFees(feesPaid, feesEarned);
  }
}
