package io.omnimargin.solver;

import io.omnimargin.protocol.types.OrderId;
import java.math.BigInteger;
import java.time.Instant;

/**
 * A request for an indicative price for an order not yet signed; answer before {@code deadline}.
 *
 * @param quoteId the request's id, which the answer signs as a bid's order id
 * @param size base units, 18 decimals
 */
public record QuoteRequest(
    OrderId quoteId, String market, boolean buy, BigInteger size, Instant deadline) {}
