package io.omnimargin.service.cluster;

import io.omnimargin.hub.clearing.LiquidationDesk;
import io.omnimargin.hub.problem.ProblemCode;
import io.omnimargin.hub.problem.Refusal;
import io.omnimargin.margin.engine.MarginEvent;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The ledger owner's side of {@link LiquidationRelay}: a liquidation another replica's partition
 * engine started is offered to the solvers by this replica's desk, once, however often it is sent;
 * its outcome completes the desk's record. Only a peer with the cluster's forwarding key may call
 * it.
 */
@Path(LiquidationRelay.PATH)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Cluster")
public class LiquidationHandoffResource {
  private final ClusterPeers peers;
  private final LedgerEpoch epoch;
  private final LiquidationDesk desk;

  LiquidationHandoffResource(ClusterPeers peers, LedgerEpoch epoch, LiquidationDesk desk) {
    this.peers = peers;
    this.epoch = epoch;
    this.desk = desk;
  }

  @POST
  @Operation(
      summary = "A peer hands a liquidation its partition started to the desk (cluster only)")
  public Response started(String body, @HeaderParam(ClusterPeers.FORWARD_KEY) String key) {
    if (!peers.forwardedBy(key)) {
      throw new Refusal(
          ProblemCode.UNAUTHORIZED, "only a peer of this cluster hands liquidations over");
    }
    if (!epoch.serving()) {
      throw new Refusal(
          ProblemCode.OWNER_UNAVAILABLE,
          "this replica does not run the workflows now",
          null,
          Map.of("retryAfterSeconds", 1L));
    }
    MarginEvent event;
    try {
      event = LiquidationEventJson.read(new JsonObject(body));
    } catch (IllegalArgumentException | DecodeException | ClassCastException e) {
      throw new Refusal(ProblemCode.INVALID_FIELD, e.getMessage(), "body");
    }
    if (event instanceof MarginEvent.LiquidationStarted started) {
      boolean fresh = desk.acceptOnce(started);
      return Response.accepted(Map.of("liquidationId", Long.toString(started.id()), "new", fresh))
          .build();
    }
    desk.accept(event); // an outcome: the record of an auction this desk ran
    return Response.accepted(
            Map.of("liquidationId", Long.toString(((MarginEvent.Liquidation) event).id())))
        .build();
  }
}
