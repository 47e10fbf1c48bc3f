package io.omnimargin.service.explorer;

import io.omnimargin.auction.solver.Reputation;
import io.omnimargin.auction.solver.SolverRegistry;
import io.omnimargin.protocol.types.Address;
import java.math.BigDecimal;
import java.util.Optional;

/** A solver's record in the auctions (wins, fills, fades, suspension) beside its own account. */
public record SolverPage(
    String address,
    long awards,
    long fills,
    long fades,
    Amount fadeRate,
    String medianResponse,
    long score,
    Optional<String> suspension,
    AccountPage account) {

  static SolverPage of(SolverRegistry registry, Address solver, AccountPage account) {
    Reputation r = registry.reputation(solver);
    long median = r.medianResponseMillis();
    return new SolverPage(
        account.address(),
        r.awards(),
        r.fills(),
        r.fades(),
        Amount.percent(BigDecimal.valueOf(r.fadeRateBasisPoints(), 4).toPlainString(), 2),
        median < 0 ? "no bid yet" : median + " ms",
        r.score(),
        registry.suspension(solver),
        account);
  }
}
