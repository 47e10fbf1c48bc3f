package io.omnimargin.hub.clearing;

import io.omnimargin.margin.engine.MarginEvent;
import io.omnimargin.protocol.session.SessionMessage.FeedEvent;
import io.omnimargin.protocol.session.SessionMessage.LiquidationTerms;
import io.omnimargin.protocol.session.SessionMessage.OfferedPosition;

/** The solver feed's liquidation events: the offer to all, the takeover to its winner. */
final class LiquidationFeed {
  private LiquidationFeed() {}

  /** A liquidation's positions are offered until {@code closesAtMillis}. */
  static FeedEvent offer(MarginEvent.LiquidationStarted started, long closesAtMillis) {
    return event("liquidation", started, closesAtMillis);
  }

  /** The winner took the positions over at its bid's prices. */
  static FeedEvent takeover(MarginEvent.LiquidationStarted started) {
    return event("takeover", started, 0);
  }

  private static FeedEvent event(
      String type, MarginEvent.LiquidationStarted started, long closesAtMillis) {
    LiquidationTerms terms =
        new LiquidationTerms(
            started.id(),
            started.owner().toChecksumHex(),
            started.offers().stream()
                .map(
                    o ->
                        new OfferedPosition(
                            o.market(),
                            o.size().toString(),
                            o.mark().toString(),
                            o.bankruptcyPrice().toString()))
                .toList());
    return new FeedEvent(
        0, type, null, null, null, null, null, null, closesAtMillis, 0, null, null, null, terms);
  }
}
