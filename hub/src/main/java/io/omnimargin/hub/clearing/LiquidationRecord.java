package io.omnimargin.hub.clearing;

import io.omnimargin.margin.engine.MarginEvent;
import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What is public about one liquidation auction, as it stands: the positions offered with their
 * marks and bankruptcy prices, every bid kept with its rank or the reason it was refused, and once
 * completed the engine's account of it (taker, prices, penalty, deficit, auto-deleverage steps).
 *
 * @param startedAt unix seconds on the engine's clock
 * @param closesAtMillis when bidding closes (again, after a blocked completion)
 * @param blockedReason why the last completion could not run ({@code stale-price}), or null
 * @param outcome the completion, once the engine has published it
 */
public record LiquidationRecord(
    long id,
    Address account,
    long startedAt,
    long closesAtMillis,
    List<MarginEvent.Offer> offers,
    List<BidRecord> bids,
    State state,
    String blockedReason,
    Optional<MarginEvent.Liquidation> outcome) {

  /**
   * Where a liquidation is: bidding, waiting for a fresh mark to complete, done, or dropped with
   * nothing booked (the account's positions changed while it waited; what it holds now is offered
   * under a new id).
   */
  public enum State {
    OPEN,
    BLOCKED,
    COMPLETED,
    DROPPED
  }

  /**
   * One bid: its solver, prices per market and how long it holds; {@code rank} 1 is the best valid
   * bid at the last close (0 for a bid refused, replaced or passed over); {@code status} is {@code
   * standing}, {@code won}, {@code outbid}, {@code void} (the close found it no longer open),
   * {@code replaced}, {@code expired}, {@code solver-insufficient-margin} or the problem code it
   * was refused with.
   */
  public record BidRecord(
      Address solver,
      Map<String, BigInteger> prices,
      long validUntil,
      long receivedAtMillis,
      int rank,
      String status) {}

  public LiquidationRecord {
    offers = List.copyOf(offers);
    bids = List.copyOf(bids);
  }
}
