package io.omnimargin.solver;

import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * A {@link Solver} that records every call and answers as the test sets it: by default it declines
 * every auction, stays silent on quotes and only records awards.
 */
final class RecordingSolver implements Solver {
  record Rejection(OpenAuction auction, SolverException reason) {}

  /** What one {@link Filler#reportFill} did: {@code failure} null if it returned. */
  record FillAttempt(Award award, SolverException failure, long returnedNanos) {}

  volatile Function<OpenAuction, Optional<Bid>> bids = a -> Optional.empty();
  volatile Function<QuoteRequest, Optional<Bid>> quotes = q -> Optional.empty();

  /** What {@link #onAward} does with its filler (null: nothing). */
  volatile BiConsumer<Award, Filler> filling;

  private final BlockingQueue<OpenAuction> auctionsSeen = new LinkedBlockingQueue<>();
  private final BlockingQueue<QuoteRequest> quotesSeen = new LinkedBlockingQueue<>();
  private final BlockingQueue<Award> awardsSeen = new LinkedBlockingQueue<>();
  private final BlockingQueue<Rejection> rejections = new LinkedBlockingQueue<>();
  private final BlockingQueue<FillAttempt> fills = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> connection = new LinkedBlockingQueue<>();

  /** Reports a fill of the whole award at its price, on {@code venueChainId}, in {@code txHash}. */
  static BiConsumer<Award, Filler> fillAtAward(long venueChainId, String txHash) {
    return (award, filler) -> filler.reportFill(venueChainId, txHash, award.size(), award.price());
  }

  @Override
  public Optional<Bid> bid(OpenAuction auction) {
    auctionsSeen.add(auction);
    return bids.apply(auction);
  }

  @Override
  public Optional<Bid> quote(QuoteRequest request) {
    quotesSeen.add(request);
    return quotes.apply(request);
  }

  @Override
  public void onAward(Award award, Filler filler) {
    awardsSeen.add(award);
    BiConsumer<Award, Filler> f = filling;
    if (f == null) {
      return;
    }
    try {
      f.accept(award, filler);
      fills.add(new FillAttempt(award, null, System.nanoTime()));
    } catch (SolverException e) {
      fills.add(new FillAttempt(award, e, System.nanoTime()));
    }
  }

  @Override
  public void onBidRejected(OpenAuction auction, SolverException reason) {
    rejections.add(new Rejection(auction, reason));
  }

  @Override
  public void onConnected() {
    connection.add("connected");
  }

  @Override
  public void onDisconnected() {
    connection.add("disconnected");
  }

  /** The next change of the session's state: "connected" or "disconnected". */
  String nextConnectionChange() {
    return HubStandIn.next(connection, "session state change at the solver");
  }

  /** Whether no change of the session's state is waiting to be read (a snapshot). */
  boolean noMoreConnectionChanges() {
    return connection.isEmpty();
  }

  OpenAuction nextAuction() {
    return HubStandIn.next(auctionsSeen, "auction at the solver");
  }

  /** Whether no auction is waiting to be read (a snapshot). */
  boolean noMoreAuctions() {
    return auctionsSeen.isEmpty();
  }

  QuoteRequest nextQuote() {
    return HubStandIn.next(quotesSeen, "quote request at the solver");
  }

  Award nextAward() {
    return HubStandIn.next(awardsSeen, "award at the solver");
  }

  Rejection nextRejection() {
    return HubStandIn.next(rejections, "bid rejection at the solver");
  }

  FillAttempt nextFill() {
    return HubStandIn.next(fills, "fill report's end");
  }
}
