package io.omnimargin.service.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnimargin.hub.intake.IntakeService;
import io.omnimargin.hub.intent.Intent;
import io.omnimargin.hub.intent.IntentPage;
import io.omnimargin.hub.intent.IntentStatus;
import io.omnimargin.hub.intent.IntentStore;
import io.omnimargin.hub.problem.ProblemCode;
import io.omnimargin.hub.problem.Refusal;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Digits;
import io.omnimargin.protocol.types.OrderId;
import io.omnimargin.service.config.OmnimarginConfig;
import io.opentelemetry.context.Context;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Named;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** Intent intake, lookup, listing, cancellation and live status. */
@Path("/v1/intents")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Intents")
public class IntentResource {
  @jakarta.inject.Inject EdgeJson json;

  private final IntakeService intake;
  private final IntentStore store;
  private final IntentStreams streams;
  private final Executor verify;
  private final OmnimarginConfig.Intake limits;

  IntentResource(
      IntakeService intake,
      IntentStore store,
      IntentStreams streams,
      @Named("intake-verify") ExecutorService verify,
      OmnimarginConfig config) {
    this.intake = intake;
    this.store = store;
    this.streams = streams;
    this.verify = verify;
    this.limits = config.intake();
  }

  /** The page of a user's intents. */
  public record IntentList(List<IntentView> items, String nextCursor) {}

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Submit a signed intent",
      description =
          "Body: {\"order\": <the GaslessCrossChainOrder the wallet signed>, \"signature\": \"0x…\"}."
              + " Resubmitting the same order is idempotent.")
  @APIResponse(responseCode = "202", description = "Accepted (or already accepted)")
  @APIResponse(responseCode = "400", description = "Malformed, invalid field or bad signature")
  @APIResponse(responseCode = "409", description = "nonce-reused")
  @APIResponse(
      responseCode = "422",
      description = "wrong-domain, expired, unknown-order-type, unknown-market")
  @APIResponse(responseCode = "429", description = "rate-limited or too-many-open-intents")
  public Uni<Response> submit(String body) {
    // Signature recovery is CPU work: off the event loop, keeping the trace context.
    return Uni.createFrom()
        .item(
            () -> {
              RequestBodies.Submit submit =
                  RequestBodies.submit(
                      json.object(body, limits.maxBodyBytes(), RequestBodies.SUBMIT));
              IntakeService.Submission result = intake.submit(submit.order(), submit.signature());
              return Response.accepted(AcceptedView.of(result.intent(), !result.created()))
                  .location(URI.create("/v1/intents/" + result.intent().id().toHex()))
                  .build();
            })
        .runSubscriptionOn(Context.current().wrap(verify));
  }

  @GET
  @Path("{orderId}")
  @Operation(summary = "An intent with its decoded order and status history")
  @APIResponse(responseCode = "200", description = "Found")
  @APIResponse(responseCode = "404", description = "not-found")
  public IntentView get(@PathParam("orderId") String orderId) {
    return IntentView.of(find(orderId));
  }

  @GET
  @Operation(summary = "A user's intents, newest first, paginated by cursor")
  public IntentList list(
      @QueryParam("user") String user,
      @QueryParam("status") String status,
      @QueryParam("cursor") String cursor,
      @QueryParam("limit") String limit) {
    Address owner = userParam(user);
    Optional<IntentStatus> filter = statusParam(status);
    int size = limitParam(limit);
    IntentPage page;
    try {
      page = store.listByUser(owner, filter, Optional.ofNullable(cursor), size);
    } catch (IllegalArgumentException e) {
      throw new Refusal(ProblemCode.INVALID_FIELD, e.getMessage(), "cursor");
    }
    return new IntentList(
        page.items().stream().map(IntentView::of).toList(), page.nextCursor().orElse(null));
  }

  @POST
  @Path("{orderId}/cancel")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Cancel an intent with the user's signed CancelOrder(bytes32 orderId)")
  @APIResponse(responseCode = "200", description = "Cancelled (or already cancelled)")
  @APIResponse(
      responseCode = "409",
      description = "already-awarded, already-filled, not-cancellable")
  public IntentView cancel(@PathParam("orderId") String orderId, String body) {
    OrderId id = EdgeJson.orderId(orderId, "orderId");
    JsonNode node = json.object(body, limits.maxBodyBytes(), java.util.Set.of("signature"));
    return IntentView.of(intake.cancel(id, RequestBodies.signature(node)));
  }

  @GET
  @Path("{orderId}/events")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @RestStreamElementType(MediaType.APPLICATION_JSON)
  @Blocking
  @Operation(
      summary = "Live status as Server-Sent Events",
      description =
          "The history so far, then each change; the stream ends after a terminal status.")
  public Multi<StatusEvent> events(@PathParam("orderId") String orderId) {
    return streams.stream(find(orderId));
  }

  private Intent find(String orderId) {
    OrderId id = EdgeJson.orderId(orderId, "orderId");
    return store
        .find(id)
        .orElseThrow(() -> new Refusal(ProblemCode.NOT_FOUND, "no intent " + id.toHex()));
  }

  private static Address userParam(String user) {
    if (user == null) {
      throw new Refusal(ProblemCode.INVALID_FIELD, "the user query parameter is required", "user");
    }
    try {
      return Address.parse(user);
    } catch (IllegalArgumentException e) {
      throw new Refusal(
          ProblemCode.INVALID_FIELD, "user is not an address: " + e.getMessage(), "user");
    }
  }

  private static Optional<IntentStatus> statusParam(String status) {
    if (status == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(IntentStatus.valueOf(status.toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      throw new Refusal(ProblemCode.INVALID_FIELD, "unknown status " + status, "status");
    }
  }

  private int limitParam(String limit) {
    if (limit == null) {
      return 20;
    }
    long size;
    try {
      size = Digits.unsignedLong(limit);
    } catch (NumberFormatException e) {
      size = -1;
    }
    if (size < 1 || size > limits.maxPageSize()) {
      throw new Refusal(
          ProblemCode.INVALID_FIELD,
          "limit must be a whole number from 1 to " + limits.maxPageSize(),
          "limit");
    }
    return (int) size;
  }
}
