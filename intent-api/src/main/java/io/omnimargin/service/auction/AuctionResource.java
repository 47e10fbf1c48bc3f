package io.omnimargin.service.auction;

import io.omnimargin.auction.book.Auction;
import io.omnimargin.auction.book.PlacedBid;
import io.omnimargin.hub.auction.AuctionHouse;
import io.omnimargin.hub.auction.AuctionRecord;
import io.omnimargin.hub.problem.ProblemCode;
import io.omnimargin.hub.problem.Refusal;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.protocol.eip712.FillReport;
import io.omnimargin.protocol.session.SessionCodec;
import io.omnimargin.protocol.session.SessionMessage;
import io.omnimargin.protocol.types.OrderId;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Bids, fill reports and the public competition data of each auction. */
@Path("/v1/auctions/{orderId}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Auctions")
public class AuctionResource {
  private final AuctionHouse house;
  private final java.util.concurrent.Executor verify;
  private final SessionCodec codec;

  AuctionResource(
      AuctionHouse house,
      @jakarta.inject.Named("intake-verify") java.util.concurrent.ExecutorService verify,
      SessionCodec codec) {
    this.house = house;
    this.verify = verify;
    this.codec = codec;
  }

  /**
   * Bids and fills arrive by the thousand: the body is read on the event loop and the signature
   * work runs on the verify pool, as intake does, so that no worker thread blocks on a body.
   */
  private <T> io.smallrye.mutiny.Uni<T> offLoop(java.util.function.Supplier<T> work) {
    return io.smallrye.mutiny.Uni.createFrom()
        .item(work)
        .runSubscriptionOn(io.opentelemetry.context.Context.current().wrap(verify));
  }

  public record BidAccepted(String orderId, String solver, long receivedAt) {}

  public record BidView(
      String solver,
      @Schema(description = "Price, 18 decimals, USD") String price,
      @Schema(description = "Fee, 18 decimals, USD") String fee,
      @Schema(description = "Unix millis") long receivedAt,
      @Schema(description = "1 is the best; 0 for a rejected or replaced bid") int rank,
      @Schema(description = "Why the bid was refused (or `replaced`); null for a valid bid")
          String rejected) {}

  public record AuctionView(
      String orderId,
      @Schema(description = "BIDDING, AWARDED, FILLED, NO_WINNER or CANCELLED") String status,
      String closesAt,
      @Schema(description = "The solver holding the award, or null") String winner,
      @Schema(description = "Every bid, once bidding has closed; empty while sealed")
          List<BidView> bids,
      @Schema(description = "Both sides of the trade once filled, else null") TradeView fill) {}

  @POST
  @Path("/bids")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Submit a sealed bid",
      description =
          "{\"bid\": {\"orderId\", \"solver\", \"price\", \"fee\", \"validUntil\"}, \"signature\":"
              + " \"0x…\"}: an EIP-712 SolverBid; price and fee as decimal uint256 (18 decimals)")
  public io.smallrye.mutiny.Uni<Response> bid(
      @PathParam("orderId") String orderIdText, String body) {
    return offLoop(() -> placeBid(orderIdText, body));
  }

  private Response placeBid(String orderIdText, String body) {
    OrderId id = pathId(orderIdText);
    SessionMessage.Bid bid = codec.bid(codec.parse(body));
    PlacedBid placed =
        house
            .bid(id, bid.bid(), bid.signature())
            .orElseThrow(() -> new Refusal(ProblemCode.NOT_FOUND, "no auction for " + id));
    if (placed.rejected() != null) {
      throw new Refusal(
          ProblemCode.BID_REJECTED,
          "bid refused: " + placed.rejected().code(),
          null,
          Map.of("reason", placed.rejected().code()));
    }
    return Response.accepted(
            new BidAccepted(id.toHex(), placed.solver().toChecksumHex(), placed.receivedAtMillis()))
        .build();
  }

  @POST
  @Path("/fills")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "The winner reports its fill",
      description =
          "{\"fill\": {\"orderId\", \"solver\", \"venueChainId\", \"txHash\", \"size\", \"price\"},"
              + " \"signature\": \"0x…\"}: an EIP-712 FillReport signed by the winner")
  public io.smallrye.mutiny.Uni<Map<String, String>> fill(
      @PathParam("orderId") String orderIdText, String body) {
    return offLoop(() -> reportFill(orderIdText, body))
        .onItem()
        .transformToUni(outcome -> io.smallrye.mutiny.Uni.createFrom().completionStage(outcome))
        .map(AuctionResource::answer);
  }

  private java.util.concurrent.CompletionStage<AuctionHouse.FillOutcome> reportFill(
      String orderIdText, String body) {
    OrderId id = pathId(orderIdText);
    SessionMessage.Fill fill = codec.fill(codec.parse(body));
    FillReport report = fill.fill();
    if (!report.orderId().equals(id)) {
      throw new Refusal(
          ProblemCode.INVALID_FIELD, "fill.orderId differs from the path", "fill.orderId");
    }
    return house.fill(report, fill.signature());
  }

  /** A fill's outcome as the answer, or the problem it is. */
  static Map<String, String> answer(AuctionHouse.FillOutcome outcome) {
    return switch (outcome) {
      case FILLED, FADED -> Map.of("outcome", outcome.name());
      case FILL_MISMATCH ->
          throw new Refusal(
              ProblemCode.FILL_MISMATCH,
              "the fill's size and price must be the award's: the bid's price is what is booked");
      case NOT_THE_WINNER ->
          throw new Refusal(
              ProblemCode.NOT_THE_WINNER, "only the awarded solver, signing, may report the fill");
      case NO_AUCTION -> throw new Refusal(ProblemCode.NOT_FOUND, "no auction for this order");
    };
  }

  @GET
  @Operation(summary = "An auction and, once closed, every bid with its rank (public)")
  public AuctionView view(@PathParam("orderId") String orderIdText) {
    OrderId id = pathId(orderIdText);
    Auction auction =
        house
            .auction(id)
            .orElseThrow(() -> new Refusal(ProblemCode.NOT_FOUND, "no auction for " + id));
    Auction.State state = auction.state();
    boolean sealed = state == Auction.State.BIDDING;
    List<BidView> bids =
        sealed
            ? List.of()
            : auction.competition().stream()
                .map(
                    r ->
                        new BidView(
                            r.bid().solver().toChecksumHex(),
                            r.bid().bid().price().toBigInteger().toString(),
                            r.bid().bid().fee().toBigInteger().toString(),
                            r.bid().receivedAtMillis(),
                            r.rank(),
                            r.bid().rejected() != null
                                ? r.bid().rejected().code()
                                : r.bid().replaced() ? "replaced" : null))
                .toList();
    return new AuctionView(
        id.toHex(),
        state.name(),
        Instant.ofEpochMilli(auction.terms().closesAtMillis()).toString(),
        auction.current().map(a -> a.bid().solver().toChecksumHex()).orElse(null),
        bids,
        house.record(id).flatMap(AuctionRecord::trade).map(TradeView::of).orElse(null));
  }

  static OrderId pathId(String text) {
    try {
      return OrderId.parse(text);
    } catch (IllegalArgumentException e) {
      throw new Refusal(ProblemCode.INVALID_FIELD, "orderId is not 32 bytes of hex", "orderId");
    }
  }

  static String usd(java.math.BigInteger wad) {
    return Wad.format(wad);
  }
}
