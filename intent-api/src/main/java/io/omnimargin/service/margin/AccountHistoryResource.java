package io.omnimargin.service.margin;

import io.omnimargin.hub.history.AccountHistory;
import io.omnimargin.hub.history.HistoryEntry;
import io.omnimargin.service.web.EdgeJson;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** An account's history: credits, fills, funding payments, calls, liquidations. */
@Path("/v1/accounts/{address}/history")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Accounts")
public class AccountHistoryResource {
  private final AccountHistory history;

  AccountHistoryResource(AccountHistory history) {
    this.history = history;
  }

  /** One entry; amounts are decimal USD strings, null where the event has none. */
  public record HistoryView(
      String at,
      String account,
      @Schema(description = "Value changed, Funding <market>, Margin call, Liquidation, …")
          String kind,
      @Schema(description = "Funding received (negative: paid); null for other entries")
          String amount,
      String avMaintenance,
      String mmr,
      String cause) {
    public static HistoryView of(HistoryEntry e) {
      return new HistoryView(
          Instant.ofEpochSecond(e.at()).toString(),
          e.owner().toChecksumHex(),
          e.kind(),
          e.amount(),
          e.avMaintenance(),
          e.mmr(),
          e.cause());
    }
  }

  @GET
  @Operation(
      summary =
          "The account's history, newest first (?limit= 1 to 50, default 20): its own changes,"
              + " funding payments, calls and liquidations")
  public List<HistoryView> history(
      @PathParam("address") String address, @QueryParam("limit") @DefaultValue("20") String limit) {
    return history.of(EdgeJson.address(address, "address"), EdgeJson.limit(limit, 50)).stream()
        .map(HistoryView::of)
        .toList();
  }
}
