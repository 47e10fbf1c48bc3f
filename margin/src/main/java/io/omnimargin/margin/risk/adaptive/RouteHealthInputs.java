package io.omnimargin.margin.risk.adaptive;

import java.math.BigInteger;

/**
 * What a route's health is scored from, as settlement observed it. A larger number is worse for
 * every field but the expectations and the reference.
 *
 * @param disagreements adapter disagreements within the scoring window
 * @param reorgs reorgs seen within the window
 * @param finalityLagSeconds hub time when the newest final block was attested, less its timestamp
 * @param silenceSeconds hub time since the final block last advanced (0 before any)
 * @param expectedFinalitySeconds the lag the chain's finality normally takes
 * @param baseFeeWei the newest final block's base fee (0 unknown)
 * @param referenceBaseFeeWei the base fee of a calm chain (0: not scored)
 * @param blockTimeMillis mean block time over recent final blocks (0 unknown)
 * @param expectedBlockMillis the chain's block time
 */
public record RouteHealthInputs(
    long disagreements,
    long reorgs,
    long finalityLagSeconds,
    long silenceSeconds,
    long expectedFinalitySeconds,
    BigInteger baseFeeWei,
    BigInteger referenceBaseFeeWei,
    long blockTimeMillis,
    long expectedBlockMillis) {

  public static RouteHealthInputs healthy(long expectedFinalitySeconds, long expectedBlockMillis) {
    return new RouteHealthInputs(
        0,
        0,
        0,
        0,
        expectedFinalitySeconds,
        BigInteger.ZERO,
        BigInteger.ZERO,
        0,
        expectedBlockMillis);
  }
}
