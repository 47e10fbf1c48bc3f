package io.omnimargin.service.explorer;

import io.omnimargin.hub.history.AccountHistory;
import io.omnimargin.service.auction.AuctionListResource;
import io.omnimargin.service.clearing.LiquidationListResource;
import io.omnimargin.service.margin.AccountHistoryResource;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The overview's live part (latest auctions, liquidations, calls) as Server-Sent Events of HTML
 * ({@code event: overview}): re-read once a second from the same views as {@code GET /v1/auctions}
 * and {@code GET /v1/liquidations}, sent only when it changed.
 */
@Path("/live")
@Tag(name = "Explorer")
public class OverviewLiveStream {
  private static final Duration RECHECK = Duration.ofSeconds(1);
  private static final String LATEST = "10";

  private final AuctionListResource auctions;
  private final LiquidationListResource liquidations;
  private final AccountHistory history;
  private final Clock clock;

  OverviewLiveStream(
      AuctionListResource auctions,
      LiquidationListResource liquidations,
      AccountHistory history,
      Clock clock) {
    this.auctions = auctions;
    this.liquidations = liquidations;
    this.history = history;
    this.clock = clock;
  }

  /** The overview's latest auctions, liquidations and margin events. */
  Activity activity() {
    return Activity.of(
        auctions.recent(LATEST),
        liquidations.recent(LATEST),
        history.latest().stream().map(AccountHistoryResource.HistoryView::of).toList(),
        clock.instant().getEpochSecond());
  }

  @GET
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @Operation(summary = "Explorer: the overview's latest auctions and liquidations, live")
  public Multi<OutboundSseEvent> live(@Context Sse sse) {
    return Multi.createFrom()
        .ticks()
        .every(RECHECK)
        .onItem()
        .transform(tick -> ExplorerResource.Templates.overview$live(activity()).render())
        .skip()
        .repetitions()
        .onItem()
        .transform(
            html ->
                sse.newEventBuilder()
                    .name("overview")
                    .data(AccountLiveStream.oneLine(html))
                    .build());
  }
}
