package io.omnimargin.margin.contagion;

import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;
import java.util.List;

/**
 * What one scenario would do to the ledger (wad USD):
 *
 * @param accountsBelowMaintenance how many accounts (the clearing house's own excluded) would have
 *     {@code AV_m < MMR}
 * @param listed their addresses, in ledger order up to the run's list limit, then sorted
 * @param notionalToPlace {@code Σ |s|·P'} over their positions at the shocked marks: what the
 *     liquidation waterfall would have to place
 * @param deficit {@code Σ max(0, −AV_m')} over them: what bankrupt accounts leave unpaid
 * @param insuranceFundAvailable the fund's own shocked {@code AV_m} above its floor
 * @param insuranceFundDrawdown {@code min(deficit, available)}: at most what the fund pays
 * @param reachesAutoDeleverage whether {@code deficit > available}, i.e. some deficit would be
 *     covered by auto-deleverage
 */
public record ScenarioResult(
    StressScenario scenario,
    long accountsBelowMaintenance,
    List<Address> listed,
    BigInteger notionalToPlace,
    BigInteger deficit,
    BigInteger insuranceFundAvailable,
    BigInteger insuranceFundDrawdown,
    boolean reachesAutoDeleverage) {

  public ScenarioResult {
    listed = List.copyOf(listed);
  }

  /** Whether {@link #listed} holds every account below maintenance. */
  public boolean complete() {
    return listed.size() == accountsBelowMaintenance;
  }

  /** The deficit left for auto-deleverage: {@code deficit − drawdown}. */
  public BigInteger autoDeleverageShortfall() {
    return deficit.subtract(insuranceFundDrawdown);
  }
}
