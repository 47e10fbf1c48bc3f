package io.omnimargin.hub.settlement;

import io.omnimargin.margin.clearing.ClearingParameters;
import io.omnimargin.margin.engine.AccountSnapshot;
import io.omnimargin.margin.risk.CollateralKey;
import io.omnimargin.margin.risk.RiskConfig;
import io.omnimargin.margin.valuation.CollateralLine;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.LongPredicate;
import java.util.function.Predicate;

/**
 * How much collateral a liquidation seizes, and from where: the account's debt (negative cash) is
 * covered from its collateral lines on settled chains, the clearing house's cash token (USDC)
 * first, then the line worth most (at maintenance value), each seizure worth the rest of the debt
 * at the line's price rounded up to whole units and never more than the line holds. A pure
 * decision: the desk carries it out.
 */
public final class SeizurePlan {

  /**
   * Seize {@code units} of {@code asset} on {@code chainId}, worth {@code usd} (wad) at the price.
   */
  public record Seizure(long chainId, String asset, BigInteger units, BigInteger usd) {}

  private SeizurePlan() {}

  /**
   * The seizures that cover the debt if every one goes through.
   *
   * @param settled whether a chain has settlement (a vault the hub can seize from)
   * @return nothing when the account owes nothing
   */
  public static List<Seizure> of(AccountSnapshot snapshot, RiskConfig risk, LongPredicate settled) {
    return carryOut(snapshot, risk, settled, s -> true);
  }

  /**
   * Sizes seizures one line at a time and hands each to {@code submit}; a seizure that does not go
   * through (false) leaves the debt to the next line.
   *
   * @return the seizures that went through
   */
  public static List<Seizure> carryOut(
      AccountSnapshot snapshot, RiskConfig risk, LongPredicate settled, Predicate<Seizure> submit) {
    return carryOut(snapshot, risk, settled, l -> true, submit);
  }

  /** Whether a line is the clearing house's cash token, which repays a debt first. */
  public static boolean isCash(CollateralLine line) {
    return line.asset().equals(ClearingParameters.CASH_ASSET);
  }

  /**
   * As {@link #carryOut(AccountSnapshot, RiskConfig, LongPredicate, Predicate)}, from the lines
   * {@code lines} accepts only.
   */
  public static List<Seizure> carryOut(
      AccountSnapshot snapshot,
      RiskConfig risk,
      LongPredicate settled,
      Predicate<CollateralLine> lines,
      Predicate<Seizure> submit) {
    BigInteger debt = snapshot.account().cash().negate();
    List<Seizure> plan = new ArrayList<>();
    List<CollateralLine> candidates =
        snapshot.value().collateral().stream()
            .filter(l -> settled.test(l.chainId()))
            .filter(l -> l.amount().signum() > 0 && l.price().signum() > 0)
            .filter(l -> risk.risk(new CollateralKey(l.chainId(), l.asset())).isPresent())
            .filter(lines)
            .sorted(
                Comparator.comparing((CollateralLine l) -> !isCash(l))
                    .thenComparing(CollateralLine::valueMaintenance, Comparator.reverseOrder()))
            .toList();
    for (CollateralLine line : candidates) {
      if (debt.signum() <= 0) {
        break;
      }
      BigInteger scale = BigInteger.TEN.pow(risk.asset(line.asset()).decimals());
      BigInteger units =
          debt.multiply(scale).add(line.price()).subtract(BigInteger.ONE).divide(line.price());
      units = units.min(line.amount());
      BigInteger usd = units.multiply(line.price()).divide(scale);
      Seizure seizure = new Seizure(line.chainId(), line.asset(), units, usd);
      if (submit.test(seizure)) {
        plan.add(seizure);
        debt = debt.subtract(usd);
      }
    }
    return plan;
  }
}
