package io.omnimargin.service.explorer;

import io.omnimargin.hub.problem.Refusal;
import io.omnimargin.margin.engine.MarginEngine;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.risk.RiskConfig;
import io.omnimargin.protocol.types.OrderId;
import io.omnimargin.service.margin.LedgerResource;
import io.omnimargin.service.margin.MarketResource;
import io.omnimargin.service.risk.RiskMonitorResource;
import io.omnimargin.service.settlement.SettlementResource;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The explorer's overview, its settlement page and its search box. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
@Tag(name = "Explorer")
public class OverviewPages {
  private final MarketResource markets;
  private final LedgerResource ledger;
  private final SettlementResource settlement;
  private final RiskConfig risk;
  private final MarginEngine engine;
  private final Clock clock;
  private final OverviewLiveStream live;
  private final RiskMonitorResource riskResource;

  OverviewPages(
      MarketResource markets,
      LedgerResource ledger,
      SettlementResource settlement,
      RiskConfig risk,
      MarginEngine engine,
      Clock clock,
      OverviewLiveStream live,
      RiskMonitorResource riskResource) {
    this.riskResource = riskResource;
    this.markets = markets;
    this.ledger = ledger;
    this.settlement = settlement;
    this.risk = risk;
    this.engine = engine;
    this.clock = clock;
    this.live = live;
  }

  @GET
  @Operation(
      summary =
          "Explorer: markets, the ledger's health, settlement routes, the latest auctions and liquidations")
  public TemplateInstance overview() {
    long now = clock.instant().getEpochSecond();
    return ExplorerResource.Templates.overview(
        new Overview(
            markets.markets().stream().map(m -> Overview.MarketRow.of(m, now)).toList(),
            Overview.LedgerHealth.of(ledger.ledger()),
            risk.routes().stream()
                .map(
                    r ->
                        new Overview.RouteRow(
                            Long.toString(r.chainId()),
                            ExplorerResource.chainName(risk, r.chainId()),
                            Amount.percent(Wad.format(r.discount()), 2),
                            Ages.span(r.latencySeconds()),
                            engine.routeLive(r.chainId())))
                .toList()),
        live.activity());
  }

  @GET
  @Path("settlement")
  @Operation(summary = "Explorer: settlement per source chain")
  public TemplateInstance settlement() {
    return ExplorerResource.Templates.settlement(settlement.status());
  }

  @GET
  @Path("risk")
  @Operation(summary = "Explorer: exposure by route, concentration and the latest stress results")
  public TemplateInstance risk() {
    return ExplorerResource.Templates.risk(
        RiskPage.of(riskResource.risk(), clock.instant().getEpochSecond()));
  }

  @GET
  @Path("search")
  @Operation(summary = "Explorer: go to an address's account or an order id's intent")
  public Response search(@QueryParam("q") String query) {
    String q = query == null ? "" : query.trim();
    Optional<String> address = Addresses.checksummed(q);
    if (address.isPresent()) {
      return Response.seeOther(URI.create("/accounts/" + address.get())).build();
    }
    try {
      return Response.seeOther(URI.create("/intents/" + OrderId.parse(q).toHex())).build();
    } catch (IllegalArgumentException e) {
      throw ExplorerResource.notFound(q);
    }
  }

  @ServerExceptionMapper
  Response unknown(Refusal refusal) {
    return ExplorerResource.notFoundPage(refusal);
  }
}
