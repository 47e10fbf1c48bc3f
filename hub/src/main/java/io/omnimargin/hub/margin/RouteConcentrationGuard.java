package io.omnimargin.hub.margin;

import io.omnimargin.hub.problem.ProblemCode;
import io.omnimargin.hub.problem.Refusal;
import io.omnimargin.margin.contagion.ConcentrationLimit;
import io.omnimargin.margin.contagion.RiskMonitor;
import io.omnimargin.margin.decision.ProposedChange;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.protocol.types.Address;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Intake's route concentration cap: an order that adds risk (any order but a reduce-only one) from
 * an account holding value on a route whose share of the system's collateral value is past the cap
 * is refused with {@code route-concentration} and the numbers. Withdrawals and reduce-only orders
 * add no dependence on a route and pass. Shares come from the monitor's latest measurement.
 */
public interface RouteConcentrationGuard {

  /**
   * @throws Refusal {@code route-concentration} when the change would add risk on a capped route
   */
  void check(Address owner, ProposedChange change);

  /** No cap. */
  RouteConcentrationGuard NONE = (owner, change) -> {};

  /** The cap the monitor measures. */
  static RouteConcentrationGuard of(RiskMonitor monitor) {
    return (owner, change) -> {
      if (change instanceof ProposedChange.Order order && !order.reduceOnly()) {
        monitor.concentration(owner).ifPresent(b -> refuse(b));
      }
    };
  }

  private static void refuse(ConcentrationLimit.Breach b) {
    Map<String, Object> numbers = new LinkedHashMap<>();
    numbers.put("route", Long.toString(b.chainId()));
    numbers.put("share", Wad.format(b.share()));
    numbers.put("cap", Wad.format(b.cap()));
    numbers.put("accountShare", Wad.format(b.accountShare()));
    numbers.put("systemCollateralValue", Wad.format(b.systemCollateralValue()));
    throw new Refusal(
        ProblemCode.ROUTE_CONCENTRATION,
        "route "
            + b.chainId()
            + " holds "
            + Wad.format(b.share())
            + " of the system's collateral value, past its cap of "
            + Wad.format(b.cap())
            + "; this account depends on it, so it may take no new risk until the share falls",
        null,
        numbers);
  }
}
