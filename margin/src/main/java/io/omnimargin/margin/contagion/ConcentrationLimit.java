package io.omnimargin.margin.contagion;

import io.omnimargin.margin.fixed.Wad;
import java.math.BigInteger;
import java.util.Optional;

/**
 * The cap on one route's share of the system's collateral value. While the system holds at least
 * {@code minSystemValue} of collateral and a route's share is above {@code cap}, new risk of an
 * account that holds value on that route is refused. A cap of 1 never refuses (no share exceeds the
 * whole): the default.
 *
 * @param cap wad fraction in (0, 1]
 * @param minSystemValue wad USD; below it the system is too small for shares to mean anything
 */
public record ConcentrationLimit(BigInteger cap, BigInteger minSystemValue) {

  public ConcentrationLimit {
    if (cap.signum() <= 0 || cap.compareTo(Wad.ONE) > 0 || minSystemValue.signum() < 0) {
      throw new IllegalArgumentException("a route cap is in (0, 1] and the minimum ≥ 0");
    }
  }

  public static ConcentrationLimit disabled() {
    return new ConcentrationLimit(Wad.ONE, BigInteger.ZERO);
  }

  /** A route past its cap that the account depends on. */
  public record Breach(
      long chainId,
      BigInteger share,
      BigInteger cap,
      BigInteger accountShare,
      BigInteger systemCollateralValue) {}

  /** Whether any route is past the cap in a system large enough for the cap to apply. */
  public boolean anyOver(ExposureReport latest) {
    return latest != null
        && latest.collateralValue().compareTo(minSystemValue) >= 0
        && latest.routes().stream().anyMatch(r -> r.collateralShare().compareTo(cap) > 0);
  }

  /**
   * The most concentrated route over the cap on which {@code account} holds value, if any, by the
   * latest measurement.
   */
  public Optional<Breach> check(ExposureReport latest, AccountDependence account) {
    if (!anyOver(latest)) {
      return Optional.empty();
    }
    return latest.routes().stream()
        .filter(r -> r.collateralShare().compareTo(cap) > 0)
        .filter(r -> account.share(r.chainId()).signum() > 0)
        .max((a, b) -> a.collateralShare().compareTo(b.collateralShare()))
        .map(
            r ->
                new Breach(
                    r.chainId(),
                    r.collateralShare(),
                    cap,
                    account.share(r.chainId()),
                    latest.collateralValue()));
  }
}
