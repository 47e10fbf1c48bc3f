package io.omnimargin.service.explorer;

import io.omnimargin.protocol.types.Address;
import io.omnimargin.service.margin.AccountEventHub;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Duration;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The account page's live part as Server-Sent Events of HTML ({@code event: account}), which the
 * page's htmx SSE extension swaps in. The account's margin events (the source of {@code
 * /v1/accounts/{address}/events}) re-render it at once; since the engine does not publish a healthy
 * account re-valued by a price tick or a route change, the stream also re-reads the account once a
 * second and sends the fragment only when it changed.
 */
@Path("/accounts/{address}/live")
@Tag(name = "Explorer")
public class AccountLiveStream {
  private static final Duration RECHECK = Duration.ofSeconds(1);

  private final ExplorerResource pages;
  private final AccountEventHub events;

  AccountLiveStream(ExplorerResource pages, AccountEventHub events) {
    this.pages = pages;
    this.events = events;
  }

  @GET
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @Operation(summary = "Explorer: the account page's numbers, re-rendered when they change")
  public Multi<OutboundSseEvent> live(@PathParam("address") String address, @Context Sse sse) {
    String checksummed = pages.accountPage(address).address();
    Address owner = Address.parse(checksummed);
    Multi<Object> changes =
        Multi.createBy()
            .merging()
            .streams(
                Multi.createFrom().ticks().every(RECHECK).onItem().castTo(Object.class),
                Multi.createFrom().emitter(e -> e.onTermination(events.subscribe(owner, e::emit))));
    return changes
        .onItem()
        .transform(change -> pages.liveFragment(checksummed))
        .skip()
        .repetitions()
        .onItem()
        // one SSE data line: HTML does not need the line breaks
        .transform(html -> sse.newEventBuilder().name("account").data(oneLine(html)).build());
  }

  static String oneLine(String html) {
    return html.replaceAll("\\s*\\R\\s*", " ");
  }
}
