package io.omnimargin.service.cluster;

import io.omnimargin.hub.intent.Intent;
import io.omnimargin.hub.intent.IntentStatus;
import io.omnimargin.hub.intent.IntentStore;
import io.omnimargin.hub.problem.ProblemCode;
import io.omnimargin.hub.problem.Refusal;
import io.omnimargin.protocol.types.OrderId;
import io.omnimargin.service.web.EdgeJson;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The ledger owner's side of {@link IntentHandoff}: an intent another replica accepted is announced
 * to the owner's workflows ({@link OwnerOnly#announce}) as if accepted here, so that its auction
 * opens (or its withdrawal is released); its metrics, log line and account history were written by
 * the replica that accepted it. Only a peer with the cluster's forwarding key may call it; an
 * intent no longer {@code OPEN}, or handed off already, is not announced again.
 */
@Path("/v1/cluster/intents/{orderId}/opened")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Cluster")
public class IntentHandoffResource {
  private static final int REMEMBERED = 100_000;

  private final ClusterPeers peers;
  private final LedgerEpoch epoch;
  private final IntentStore store;
  private final OwnerOnly workflows;
  private final Set<OrderId> announced = ConcurrentHashMap.newKeySet();

  IntentHandoffResource(
      ClusterPeers peers, LedgerEpoch epoch, IntentStore store, OwnerOnly workflows) {
    this.peers = peers;
    this.epoch = epoch;
    this.store = store;
    this.workflows = workflows;
  }

  @POST
  @Operation(summary = "A peer hands an intent it accepted to the ledger's owner (cluster only)")
  public Response opened(
      @PathParam("orderId") String orderId, @HeaderParam(ClusterPeers.FORWARD_KEY) String key) {
    if (!peers.forwardedBy(key)) {
      throw new Refusal(ProblemCode.UNAUTHORIZED, "only a peer of this cluster hands intents over");
    }
    if (!epoch.serving()) {
      throw new Refusal(
          ProblemCode.OWNER_UNAVAILABLE,
          "this replica does not run the workflows now",
          null,
          Map.of("retryAfterSeconds", 1L));
    }
    OrderId id = EdgeJson.orderId(orderId, "orderId");
    Intent intent =
        store
            .find(id)
            .orElseThrow(() -> new Refusal(ProblemCode.NOT_FOUND, "no intent " + id.toHex()));
    if (intent.status() == IntentStatus.OPEN && remember(id)) {
      workflows.announce(intent, intent.history().get(0));
    }
    return Response.accepted(Map.of("orderId", id.toHex(), "status", intent.status().name()))
        .build();
  }

  /** True the first time: a hand-off sent again is not announced twice. Bounded. */
  private boolean remember(OrderId id) {
    if (announced.size() >= REMEMBERED) {
      announced.clear(); // an intent announced that long ago is no longer OPEN
    }
    return announced.add(id);
  }
}
