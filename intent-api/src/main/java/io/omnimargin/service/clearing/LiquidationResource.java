package io.omnimargin.service.clearing;

import io.omnimargin.hub.clearing.LiquidationDesk;
import io.omnimargin.hub.problem.ProblemCode;
import io.omnimargin.hub.problem.Refusal;
import io.omnimargin.margin.engine.MarginEngine;
import io.omnimargin.protocol.session.SessionCodec;
import io.omnimargin.protocol.session.SessionMessage;
import io.omnimargin.protocol.types.Digits;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Named;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.concurrent.ExecutorService;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Liquidation auctions: what each offers and how it ended, and solvers' takeover bids. */
@Path("/v1/liquidations/{id}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Clearing")
public class LiquidationResource {
  private final LiquidationDesk desk;
  private final MarginEngine engine;
  private final SessionCodec codec;
  private final ExecutorService verify;

  LiquidationResource(
      LiquidationDesk desk,
      MarginEngine engine,
      SessionCodec codec,
      @Named("intake-verify") ExecutorService verify) {
    this.desk = desk;
    this.engine = engine;
    this.codec = codec;
    this.verify = verify;
  }

  public record BidAccepted(long liquidationId, String solver, String status) {}

  @GET
  @Operation(
      summary = "A liquidation: the positions offered, the bids (once completed) and the outcome")
  public LiquidationView get(@PathParam("id") String idText) {
    long id = id(idText);
    return desk.liquidation(id)
        .map(r -> LiquidationView.of(r, engine.clearing()))
        .orElseThrow(() -> new Refusal(ProblemCode.NOT_FOUND, "no liquidation " + id));
  }

  @POST
  @Path("/bids")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Bid to take over a liquidation's positions",
      description =
          "{\"bid\": {\"liquidationId\", \"account\", \"solver\", \"positions\": [{\"market\","
              + " \"size\", \"price\"}], \"validUntil\"}, \"signature\": \"0x…\"}: an EIP-712"
              + " LiquidationBid; size (signed) and price as decimal integers (18 decimals)")
  public Uni<Response> bid(@PathParam("id") String idText, String body) {
    // the signature is recovered on the verify pool, never on the event loop
    return Uni.createFrom().item(() -> place(idText, body)).runSubscriptionOn(verify);
  }

  private Response place(String idText, String body) {
    long id = id(idText);
    SessionMessage.TakeoverBid bid = codec.takeoverBid(codec.parse(body));
    if (bid.bid().liquidationId() != id) {
      throw new Refusal(
          ProblemCode.INVALID_FIELD,
          "bid.liquidationId differs from the path",
          "bid.liquidationId");
    }
    desk.bid(bid.bid(), bid.signature());
    return Response.accepted(new BidAccepted(id, bid.bid().solver().toChecksumHex(), "standing"))
        .build();
  }

  static long id(String text) {
    try {
      return Digits.unsignedLong(text);
    } catch (NumberFormatException e) {
      throw new Refusal(ProblemCode.INVALID_FIELD, "a liquidation id is a number", "id");
    }
  }
}
