package io.omnimargin.service.auction;

import io.omnimargin.hub.auction.AuctionHouse;
import io.omnimargin.hub.auction.SolverFeed;
import io.omnimargin.hub.problem.ProblemCode;
import io.omnimargin.hub.problem.Refusal;
import io.omnimargin.protocol.session.SessionMessage.FeedEvent;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Digits;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * A registered solver's stream (Server-Sent Events): {@code auction} events for every auction that
 * opens, {@code award} events for the auctions it wins, {@code liquidation} events for every
 * liquidation offered and {@code takeover} events for the liquidations it takes over. {@code
 * ?after=N} resumes after event N; without it the stream starts from now.
 */
@Path("/v1/solvers/{address}/stream")
@Tag(name = "Auctions")
public class SolverStreamResource {
  private final SolverFeed feed;
  private final AuctionHouse house;

  SolverStreamResource(SolverFeed feed, AuctionHouse house) {
    this.feed = feed;
    this.house = house;
  }

  @GET
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @RestStreamElementType(MediaType.APPLICATION_JSON)
  @Operation(
      summary =
          "Open auctions, awards, liquidations and takeovers for one solver (SSE), resumable with"
              + " ?after=")
  public Multi<FeedEvent> stream(
      @PathParam("address") String address, @QueryParam("after") @DefaultValue("-1") String after) {
    long resumeAfter;
    try {
      resumeAfter = Digits.signedLong(after);
    } catch (NumberFormatException e) {
      throw new Refusal(
          ProblemCode.INVALID_FIELD, "after must be an event number, or -1 for now", "after");
    }
    Address solver;
    try {
      solver = Address.parse(address);
    } catch (IllegalArgumentException e) {
      throw new Refusal(ProblemCode.INVALID_FIELD, "not an address", "address");
    }
    if (house.registry().apply(solver).isPresent()) {
      throw new Refusal(
          ProblemCode.REGISTRATION_REFUSED,
          solver + " is not a registered solver in good standing");
    }
    return Multi.createFrom()
        .emitter(
            emitter -> emitter.onTermination(feed.connect(solver, resumeAfter, emitter::emit)));
  }
}
