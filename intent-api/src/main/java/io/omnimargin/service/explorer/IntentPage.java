package io.omnimargin.service.explorer;

import io.omnimargin.service.auction.AuctionResource;
import io.omnimargin.service.auction.TradeView;
import io.omnimargin.service.web.IntentView;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** An intent's lifecycle as a timeline and its auction's bids, ranked, once bidding closed. */
public record IntentPage(
    String orderId,
    String status,
    String user,
    String summary,
    String acceptedAt,
    List<Step> timeline,
    Optional<Auction> auction) {

  /** One intent in an account's list: a link, its status and what it asked for. */
  public record Row(String orderId, String shortId, String status, String summary, String at) {
    static Row of(IntentView i) {
      return new Row(
          i.orderId(),
          i.orderId().substring(0, 10) + "…" + i.orderId().substring(62),
          i.status(),
          IntentPage.summary(i.decoded()),
          i.acceptedAt());
    }
  }

  /** One status change. */
  public record Step(String status, String at, String relative, String reason) {}

  /** The auction: its state, the winner, every bid it kept and the trade once filled. */
  public record Auction(
      String status, String closesAt, String winner, List<Bid> bids, Optional<Sides> trade) {}

  /** Both sides of the filled trade: one price and size, what each side did and paid. */
  public record Sides(
      String market,
      Amount price,
      Amount size,
      Amount solverFee,
      Amount protocolFee,
      Side trader,
      Side solver) {
    static Sides of(TradeView t) {
      return new Sides(
          t.market(),
          Amount.wadUsd(t.price()),
          Amount.wadQuantity(t.size()),
          Amount.wadUsd(t.solverFee()),
          Amount.wadUsd(t.protocolFee()),
          Side.of("trader", t.trader()),
          Side.of("solver", t.solver()));
    }

    /** The trader's side, then the solver's. */
    public List<Side> sides() {
      return List.of(trader, solver);
    }
  }

  /** One side of the trade: its role, account, buy or sell, fees paid and received (USD). */
  public record Side(
      String role, String account, String side, Amount feesPaid, Amount feesReceived) {
    static Side of(String role, TradeView.Side s) {
      return new Side(
          role,
          s.account(),
          s.side(),
          Amount.wadUsd(s.feesPaid()),
          Amount.wadUsd(s.feesReceived()));
    }
  }

  /** One bid: price and fee in USD (18-decimal base units in the API), its rank or refusal. */
  public record Bid(
      String solver, Amount price, Amount fee, String receivedAt, int rank, String rejected) {}

  static IntentPage of(IntentView intent, Optional<AuctionResource.AuctionView> auction, long now) {
    return new IntentPage(
        intent.orderId(),
        intent.status(),
        intent.user(),
        summary(intent.decoded()),
        intent.acceptedAt(),
        intent.history().stream()
            .map(
                h ->
                    new Step(
                        h.status(),
                        h.at(),
                        Ages.relative(Instant.parse(h.at()).getEpochSecond(), now),
                        h.reason()))
            .toList(),
        auction.map(IntentPage::auction));
  }

  private static Auction auction(AuctionResource.AuctionView a) {
    return new Auction(
        a.status(),
        a.closesAt(),
        a.winner(),
        a.bids().stream()
            .map(
                b ->
                    new Bid(
                        b.solver(),
                        Amount.wadUsd(b.price()),
                        Amount.wadUsd(b.fee()),
                        Instant.ofEpochMilli(b.receivedAt()).toString(),
                        b.rank(),
                        b.rejected()))
            .toList(),
        Optional.ofNullable(a.fill()).map(Sides::of));
  }

  /** The order in words: "Buy 2 ETH-PERP at most 3,100.00 USD; fee at most 10.00 USD". */
  static String summary(Object decoded) {
    if (decoded instanceof IntentView.MarginOrderView m) {
      return (m.side().equals("buy") ? "Buy " : "Sell ")
          + Amount.quantity(m.size()).human()
          + " "
          + m.market()
          + " at "
          + (m.side().equals("buy") ? "most " : "least ")
          + Amount.price(m.limitPrice()).human()
          + " USD"
          + (m.reduceOnly() ? ", reduce only" : "")
          + "; fee at most "
          + Amount.usd(m.maxFee()).human()
          + " USD";
    }
    IntentView.WithdrawalView w = (IntentView.WithdrawalView) decoded;
    return "Withdraw "
        + w.amount()
        + " base units of token "
        + w.asset()
        + " on chain "
        + w.chainId();
  }
}
