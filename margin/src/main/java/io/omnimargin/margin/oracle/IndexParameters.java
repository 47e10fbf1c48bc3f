package io.omnimargin.margin.oracle;

import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.risk.InvalidRiskConfigException;
import java.math.BigInteger;

/**
 * How the composite index is formed from its sources (see {@code docs/risk.md}).
 *
 * @param defaultSource the source a price push without a {@code source} names ({@code push})
 * @param quorum fresh, agreeing sources an index needs; fewer and it is stale (default 1, so a
 *     single push source suffices)
 * @param band a source further than this fraction (wad) from the median of the others is excluded
 *     (default 2%)
 * @param maxSources sources remembered per asset; a push naming one more is refused
 */
public record IndexParameters(String defaultSource, int quorum, BigInteger band, int maxSources) {
  public IndexParameters {
    if (defaultSource == null || defaultSource.isBlank() || defaultSource.length() > 64) {
      throw new InvalidRiskConfigException("index default source must be 1 to 64 characters");
    }
    if (quorum < 1 || quorum > maxSources) {
      throw new InvalidRiskConfigException("index quorum must be 1 to maxSources, got " + quorum);
    }
    if (band.signum() <= 0 || band.compareTo(Wad.ONE) >= 0) {
      throw new InvalidRiskConfigException("index band must be in (0, 1), got " + Wad.format(band));
    }
  }

  public static IndexParameters defaults() {
    return new IndexParameters("push", 1, Wad.of("0.02"), 16);
  }
}
