package io.omnimargin.solver;

import io.omnimargin.protocol.types.OrderId;
import java.math.BigInteger;

/**
 * The solver won: it holds the exclusive right to fill {@code size} of {@code market} at its bid
 * price until {@code fillDeadline} (unix seconds), and must report the fill through the {@link
 * Filler} it was given.
 */
public record Award(
    OrderId orderId,
    String market,
    boolean buy,
    BigInteger size,
    BigInteger price,
    BigInteger fee,
    long fillDeadline) {}
