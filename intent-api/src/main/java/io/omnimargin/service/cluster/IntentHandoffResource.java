package io.omnimargin.service.cluster;

import io.omnimargin.hub.intent.Intent;
import io.omnimargin.hub.intent.IntentStatus;
import io.omnimargin.hub.intent.IntentStore;
import io.omnimargin.hub.problem.ProblemCode;
import io.omnimargin.hub.problem.Refusal;
import io.omnimargin.protocol.types.OrderId;
import io.omnimargin.service.config.OmnimarginConfig;
import io.omnimargin.service.web.EdgeJson;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The ledger owner's side of {@link IntentHandoff}: intents another replica accepted are announced
 * to the owner's workflows ({@link OwnerOnly#announce}) as if accepted here, so that their auctions
 * open (or their withdrawals are released); their metrics, log lines and account history were
 * written by the replica that accepted them. Only a peer with the cluster's forwarding key may call
 * it; an intent no longer {@code OPEN}, or handed off already, is not announced again. The answer
 * lists each intent's status as stored, and the ids the store does not hold.
 */
@Path("/v1/cluster/intents/opened")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Cluster")
public class IntentHandoffResource {
  private final ClusterPeers peers;
  private final LedgerEpoch epoch;
  private final IntentStore store;
  private final OwnerOnly workflows;
  private final int most;

  IntentHandoffResource(
      ClusterPeers peers,
      LedgerEpoch epoch,
      IntentStore store,
      OwnerOnly workflows,
      OmnimarginConfig config) {
    this.peers = peers;
    this.epoch = epoch;
    this.store = store;
    this.workflows = workflows;
    this.most = IntentHandoff.batchFor(config.intake().maxBodyBytes());
  }

  /** What a peer hands over: the ids of intents it accepted. */
  public record Handoff(List<String> orderIds) {}

  @POST
  @Operation(summary = "A peer hands intents it accepted to the ledger's owner (cluster only)")
  public Response opened(Handoff handoff, @HeaderParam(ClusterPeers.FORWARD_KEY) String key) {
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
    List<OrderId> ids = ids(handoff);
    Map<OrderId, Intent> found = new HashMap<>();
    store.findAll(ids).forEach(intent -> found.put(intent.id(), intent));
    Map<String, String> statuses = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    for (OrderId id : ids) {
      Intent intent = found.get(id);
      if (intent == null) {
        missing.add(id.toHex());
        continue;
      }
      if (intent.status() == IntentStatus.OPEN) {
        workflows.announceOnce(intent);
      }
      statuses.put(id.toHex(), intent.status().name());
    }
    return Response.accepted(Map.of("intents", statuses, "missing", missing)).build();
  }

  private List<OrderId> ids(Handoff handoff) {
    if (handoff == null || handoff.orderIds() == null || handoff.orderIds().isEmpty()) {
      throw new Refusal(ProblemCode.INVALID_FIELD, "orderIds: at least one is needed", "orderIds");
    }
    if (handoff.orderIds().size() > most) {
      throw new Refusal(
          ProblemCode.INVALID_FIELD, "orderIds: at most " + most + " in one hand-off", "orderIds");
    }
    List<OrderId> ids = new ArrayList<>();
    handoff.orderIds().forEach(id -> ids.add(EdgeJson.orderId(id, "orderIds")));
    return ids;
  }
}
