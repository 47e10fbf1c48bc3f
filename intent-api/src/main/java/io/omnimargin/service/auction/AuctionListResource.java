package io.omnimargin.service.auction;

import io.omnimargin.hub.auction.AuctionHouse;
import io.omnimargin.hub.auction.AuctionRecord;
import io.omnimargin.service.web.EdgeJson;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The auctions opened lately, newest first (public). */
@Path("/v1/auctions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Auctions")
public class AuctionListResource {
  private final AuctionHouse house;

  AuctionListResource(AuctionHouse house) {
    this.house = house;
  }

  public record AuctionSummaryView(
      String orderId,
      String market,
      @Schema(description = "buy or sell: the trader's side") String side,
      @Schema(description = "Size, 18 decimals") String size,
      @Schema(description = "BIDDING, AWARDED, FILLED, NO_WINNER or CANCELLED") String status,
      @Schema(description = "Bids placed, valid or not; null while bidding is sealed") Integer bids,
      @Schema(description = "The solver holding the award, or null") String winner,
      @Schema(description = "The winning bid's price, 18 decimals, USD; or null") String awardPrice,
      String openedAt,
      @Schema(description = "When bidding closed; null while open") String closedAt) {

    static AuctionSummaryView of(AuctionRecord r) {
      return new AuctionSummaryView(
          r.orderId().toHex(),
          r.market(),
          r.side().name().toLowerCase(java.util.Locale.ROOT),
          r.size().toString(),
          r.state().name(),
          r.bids(),
          r.winner() == null ? null : r.winner().toChecksumHex(),
          r.awardPrice() == null ? null : r.awardPrice().toString(),
          Instant.ofEpochMilli(r.openedAtMillis()).toString(),
          r.closedAtMillis() == null ? null : Instant.ofEpochMilli(r.closedAtMillis()).toString());
    }
  }

  @GET
  @Operation(
      summary =
          "Recent auctions, newest first (?limit= 1 to 100, default 20), while kept in memory")
  public List<AuctionSummaryView> recent(@QueryParam("limit") @DefaultValue("20") String limit) {
    return house.recent(EdgeJson.limit(limit, 100)).stream().map(AuctionSummaryView::of).toList();
  }
}
