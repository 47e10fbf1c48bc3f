package io.omnimargin.service.explorer;

import io.omnimargin.service.auction.AuctionListResource.AuctionSummaryView;
import io.omnimargin.service.clearing.LiquidationView;
import io.omnimargin.service.margin.AccountHistoryResource;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The overview's live part: the latest auctions ({@code GET /v1/auctions}), the latest liquidations
 * ({@code GET /v1/liquidations}) and the latest margin calls and liquidation events.
 */
public record Activity(
    List<AuctionRow> auctions, List<LiquidationRow> liquidations, List<HistoryRow> latest) {

  /** One auction: what was sold, how bidding went, when it opened and closed. */
  public record AuctionRow(
      String orderId,
      String shortId,
      String market,
      String side,
      Amount size,
      String status,
      String bids,
      String winner,
      Amount awardPrice,
      String opened,
      String openedAt,
      String closed,
      String closedAt) {
    static AuctionRow of(AuctionSummaryView a, long now) {
      return new AuctionRow(
          a.orderId(),
          Activity.shortId(a.orderId()),
          a.market(),
          a.side(),
          Amount.wadQuantity(a.size()),
          a.status(),
          a.bids() == null ? "sealed" : Integer.toString(a.bids()),
          a.winner(),
          Amount.wadUsd(a.awardPrice()),
          relative(a.openedAt(), now),
          a.openedAt(),
          a.closedAt() == null ? "open" : relative(a.closedAt(), now),
          a.closedAt());
    }
  }

  /** One liquidation: whose, where it stands, who took it and what it cost. */
  public record LiquidationRow(
      long id,
      String account,
      String state,
      String started,
      String startedAt,
      String positions,
      String takenBy,
      Amount penalty,
      Amount deficit) {
    static LiquidationRow of(LiquidationView l, long now) {
      return new LiquidationRow(
          l.id(),
          l.account(),
          l.state(),
          relative(l.startedAt(), now),
          l.startedAt(),
          l.positions().stream()
              .map(p -> p.market() + " " + Amount.quantity(p.size()).human())
              .collect(Collectors.joining(", ")),
          l.takenBy() == null ? "—" : l.takenBy(),
          Amount.usd(l.penalty()),
          Amount.usd(l.deficit()));
    }
  }

  static Activity of(
      List<AuctionSummaryView> auctions,
      List<LiquidationView> liquidations,
      List<AccountHistoryResource.HistoryView> latest,
      long now) {
    return new Activity(
        auctions.stream().map(a -> AuctionRow.of(a, now)).toList(),
        liquidations.stream().map(l -> LiquidationRow.of(l, now)).toList(),
        HistoryRow.of(latest, now));
  }

  /** {@code 0x1234abcd…ef01}: enough to tell ids apart in a list. */
  static String shortId(String orderId) {
    return orderId.substring(0, 10) + "…" + orderId.substring(orderId.length() - 4);
  }

  private static String relative(String instant, long now) {
    return Ages.relative(Instant.parse(instant).getEpochSecond(), now);
  }
}
