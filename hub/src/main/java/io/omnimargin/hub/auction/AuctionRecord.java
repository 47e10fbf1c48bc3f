package io.omnimargin.hub.auction;

import io.omnimargin.auction.book.Auction;
import io.omnimargin.auction.book.AuctionTerms;
import io.omnimargin.margin.clearing.Trade;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.OrderId;
import java.math.BigInteger;
import java.util.Optional;

/**
 * What is public about one auction as it stands, for the listing of recent auctions and the
 * intent's page: what was sold, how bidding went and, once filled, the trade as it was booked.
 *
 * @param bids how many bids were placed (valid or not); null while bidding is sealed
 * @param winner the solver holding the award (or that filled), or null
 * @param awardPrice the winning bid's price (wad USD), or null
 * @param closedAtMillis when bidding closed (awarded, cancelled or expired), or null while open
 * @param trade the booked trade once the fill was reported: both sides, price and fees
 */
public record AuctionRecord(
    OrderId orderId,
    String market,
    AuctionTerms.Side side,
    BigInteger size,
    Auction.State state,
    Integer bids,
    Address winner,
    BigInteger awardPrice,
    long openedAtMillis,
    Long closedAtMillis,
    Optional<Trade> trade) {

  static AuctionRecord of(AuctionHouse.Live live, String market) {
    Auction auction = live.auction;
    Auction.State state = auction.state();
    Optional<Auction.Award> award = auction.current();
    long closed = live.closedAtMillis;
    return new AuctionRecord(
        live.intent.id(),
        market,
        auction.terms().side(),
        auction.terms().size(),
        state,
        state == Auction.State.BIDDING ? null : auction.competition().size(),
        award.map(a -> a.bid().solver()).orElse(null),
        award.map(a -> a.bid().bid().price().toBigInteger()).orElse(null),
        live.openedAtMillis,
        closed == 0 ? null : closed,
        Optional.ofNullable(live.trade));
  }
}
