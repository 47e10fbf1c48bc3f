package io.omnimargin.solver;

import java.math.BigInteger;

/**
 * What a solver offers: the execution price it commits to and its fee, both 18-decimal fixed point
 * in USD, and how long (unix seconds) the offer holds.
 */
public record Bid(BigInteger price, BigInteger fee, long validUntil) {}
