package io.omnimargin.service.explorer;

import io.omnimargin.hub.problem.Refusal;
import io.omnimargin.service.auction.AuctionResource;
import io.omnimargin.service.web.IntentResource;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The explorer's intent page: the lifecycle and, once bidding closed, the ranked bids. */
@Path("/intents/{orderId}")
@Produces(MediaType.TEXT_HTML)
@Tag(name = "Explorer")
public class IntentPages {
  private final IntentResource intents;
  private final AuctionResource auctions;
  private final Clock clock;

  IntentPages(IntentResource intents, AuctionResource auctions, Clock clock) {
    this.intents = intents;
    this.auctions = auctions;
    this.clock = clock;
  }

  @GET
  @Operation(summary = "Explorer: an intent's timeline and its auction's bids")
  public TemplateInstance intent(@PathParam("orderId") String orderId) {
    var intent = intents.get(orderId);
    Optional<AuctionResource.AuctionView> auction;
    try {
      auction = Optional.of(auctions.view(orderId));
    } catch (Refusal noAuction) {
      auction = Optional.empty(); // auctions off, or the intent never reached one
    }
    return ExplorerResource.Templates.intent(
        IntentPage.of(intent, auction, clock.instant().getEpochSecond()));
  }

  @ServerExceptionMapper
  Response unknown(Refusal refusal) {
    return ExplorerResource.notFoundPage(refusal);
  }
}
