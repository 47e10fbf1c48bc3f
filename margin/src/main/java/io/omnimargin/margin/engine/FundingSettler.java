package io.omnimargin.margin.engine;

import io.omnimargin.margin.account.Position;
import io.omnimargin.margin.clearing.FundingSettlement;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One market's funding settlement, run by the engine under its lock. Each position receives {@code
 * floor(−size · index · rate)}: with the floor, a payer pays its exact share rounded up and a
 * receiver gets its share rounded down. The exact shares sum to zero (every long has its short), so
 * the payers' total is at least the receivers', and the difference goes to the fee pool: the sum of
 * all cash does not move by a wei. All payments are booked before any account is re-valued, so that
 * a liquidation this settlement causes cannot change a position still to be paid.
 */
final class FundingSettler {
  private static final BigInteger WAD_SQUARED = Wad.ONE.multiply(Wad.ONE);

  /** One position's payment, booked and waiting for its account to be re-valued. */
  private record Payment(Address owner, AccountCell cell, BigInteger received) {}

  private FundingSettler() {}

  /** What a unit of size receives at {@code rate} on {@code index} (wad², negative when paid). */
  static BigInteger perSize(BigInteger index, BigInteger rate) {
    return index.multiply(rate).negate();
  }

  /** What a position of {@code size} receives (wad USD, floored: a payer pays its share up). */
  static BigInteger received(BigInteger size, BigInteger perSize) {
    return Wad.floorDiv(size.multiply(perSize), WAD_SQUARED);
  }

  static FundingSettlement settle(
      MarginEngine engine, String market, BigInteger index, BigInteger rate, long now) {
    return settle(engine, market, index, rate, now, Map.of());
  }

  /**
   * The settlement with each position's size taken as its size less {@code excluded} (what the
   * account traded after the funding interval's cut but booked before this settlement: a ledger
   * partition settles later than its cut).
   */
  static FundingSettlement settle(
      MarginEngine engine,
      String market,
      BigInteger index,
      BigInteger rate,
      long now,
      Map<Address, BigInteger> excluded) {
    BigInteger paid = BigInteger.ZERO;
    BigInteger received = BigInteger.ZERO;
    List<Payment> payments = new ArrayList<>();
    if (rate.signum() != 0) {
      BigInteger perSize = perSize(index, rate);
      for (Map.Entry<Address, AccountCell> e : engine.cells()) {
        Position p = e.getValue().account.positions().get(market);
        BigInteger after = excluded.get(e.getKey());
        if (p == null && after == null) {
          continue;
        }
        BigInteger size = p == null ? BigInteger.ZERO : p.size();
        if (after != null) {
          size = size.subtract(after);
        }
        BigInteger amount = received(size, perSize);
        if (amount.signum() < 0) {
          paid = paid.subtract(amount);
        } else {
          received = received.add(amount);
        }
        engine.bookFunding(e.getValue(), market, amount);
        payments.add(new Payment(e.getKey(), e.getValue(), amount));
      }
    }
    BigInteger residue = paid.subtract(received); // ≥ 0 over a whole ledger, either over a part
    if (residue.signum() != 0) {
      engine.payResidue(residue);
    }
    String cause = "funding " + market + " " + Wad.format(rate);
    for (Payment p : payments) {
      engine.afterFunding(p.owner(), p.cell(), p.received(), cause, now);
    }
    return new FundingSettlement(
        market,
        now,
        rate,
        index,
        payments.size(),
        paid,
        received,
        residue,
        payments.stream()
            .map(p -> new FundingSettlement.Payment(p.owner(), p.received()))
            .toList());
  }
}
