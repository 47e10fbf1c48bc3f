package io.omnimargin.margin.risk.adaptive;

import java.math.BigInteger;

/**
 * A route's adaptive numbers now and why.
 *
 * @param discount {@code m} now: the score of the health inputs; {@code AV_i} uses it at once
 * @param maintenanceDiscount the {@code m} {@code AV_m} uses: a fall of {@code m} reaches it over
 *     the phase-in
 * @param latencySeconds {@code L_route} now: the configured latency or the measured percentile,
 *     whichever is larger
 * @param measuredLatencySeconds the measured percentile, -1 without observations
 */
public record RouteScore(
    long chainId,
    BigInteger configured,
    BigInteger floor,
    BigInteger discount,
    BigInteger maintenanceDiscount,
    long latencySeconds,
    long measuredLatencySeconds,
    RouteHealthInputs inputs,
    String explanation) {}
