package io.omnimargin.service.explorer;

import io.omnimargin.hub.auction.AuctionHouse;
import io.omnimargin.hub.problem.ProblemCode;
import io.omnimargin.hub.problem.Refusal;
import io.omnimargin.margin.engine.MarginEngine;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.risk.RiskConfig;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.OrderId;
import io.omnimargin.service.auction.AuctionResource;
import io.omnimargin.service.margin.AccountResource;
import io.omnimargin.service.margin.LedgerResource;
import io.omnimargin.service.margin.MarketResource;
import io.omnimargin.service.settlement.SettlementResource;
import io.omnimargin.service.web.IntentResource;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The explorer's pages, rendered on the server from the API's own views (the resources behind
 * {@code /v1}), so that a page and the JSON can never disagree.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
@Tag(name = "Explorer")
public class ExplorerResource {

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance overview(Overview overview);

    static native TemplateInstance account(AccountPage page, List<IntentPage.Row> intents);

    static native TemplateInstance solver(SolverPage page);

    /** The part of the account page that the live stream replaces. */
    static native TemplateInstance account$live(AccountPage page);

    static native TemplateInstance intent(IntentPage page);

    static native TemplateInstance settlement(SettlementResource.StatusView status);

    static native TemplateInstance notFound(String what);
  }

  private final AccountResource accounts;
  private final MarketResource markets;
  private final LedgerResource ledger;
  private final SettlementResource settlement;
  private final IntentResource intents;
  private final AuctionResource auctions;
  private final RiskConfig risk;
  private final MarginEngine engine;
  private final Clock clock;
  private final AuctionHouse house;
  private final MarginHistory history;

  ExplorerResource(
      AccountResource accounts,
      MarketResource markets,
      LedgerResource ledger,
      SettlementResource settlement,
      IntentResource intents,
      AuctionResource auctions,
      RiskConfig risk,
      MarginEngine engine,
      Clock clock,
      AuctionHouse house,
      MarginHistory history) {
    this.accounts = accounts;
    this.markets = markets;
    this.ledger = ledger;
    this.settlement = settlement;
    this.intents = intents;
    this.auctions = auctions;
    this.risk = risk;
    this.engine = engine;
    this.clock = clock;
    this.house = house;
    this.history = history;
  }

  @GET
  @Operation(summary = "Explorer: markets, the ledger's health and settlement routes")
  public TemplateInstance overview() {
    long now = clock.instant().getEpochSecond();
    return Templates.overview(
        new Overview(
            markets.markets().stream().map(m -> Overview.MarketRow.of(m, now)).toList(),
            Overview.LedgerHealth.of(ledger.ledger()),
            risk.routes().stream()
                .map(
                    r ->
                        new Overview.RouteRow(
                            Long.toString(r.chainId()),
                            chainName(r.chainId()),
                            Amount.percent(Wad.format(r.discount()), 2),
                            Ages.span(r.latencySeconds()),
                            engine.routeLive(r.chainId())))
                .toList(),
            HistoryRow.of(history.latest(), now)));
  }

  @GET
  @Path("accounts/{address}")
  @Operation(summary = "Explorer: an account's value by chain, positions and health")
  public TemplateInstance account(@PathParam("address") String address) {
    AccountPage page = accountPage(address);
    return Templates.account(
        page,
        intents.list(page.address(), null, null, "10").items().stream()
            .map(IntentPage.Row::of)
            .toList());
  }

  /** The page's numbers, also rendered by the live stream. */
  AccountPage accountPage(String address) {
    String checksummed = Addresses.checksummed(address).orElseThrow(() -> notFound(address));
    return AccountPage.of(
        accounts.get(checksummed),
        checksummed,
        this::chainName,
        Wad.format(risk.parameters().callBand()),
        HistoryRow.of(history.of(Address.parse(checksummed)), clock.instant().getEpochSecond()));
  }

  /** Renders the live part of the account page alone, for the stream. */
  String liveFragment(String address) {
    return Templates.account$live(accountPage(address)).render();
  }

  @GET
  @Path("intents/{orderId}")
  @Operation(summary = "Explorer: an intent's timeline and its auction's bids")
  public TemplateInstance intent(@PathParam("orderId") String orderId) {
    var intent = intents.get(orderId);
    Optional<AuctionResource.AuctionView> auction;
    try {
      auction = Optional.of(auctions.view(orderId));
    } catch (Refusal noAuction) {
      auction = Optional.empty();
    }
    return Templates.intent(IntentPage.of(intent, auction, clock.instant().getEpochSecond()));
  }

  @GET
  @Path("solvers/{address}")
  @Operation(summary = "Explorer: a solver's awards, fills, fades, suspension and account")
  public TemplateInstance solver(@PathParam("address") String address) {
    AccountPage account = accountPage(address);
    Address solver = Address.parse(account.address());
    if (!house.registry().registered().contains(solver)) {
      throw new Refusal(ProblemCode.NOT_FOUND, "no registered solver " + account.address());
    }
    return Templates.solver(SolverPage.of(house.registry(), solver, account));
  }

  @GET
  @Path("settlement")
  @Operation(summary = "Explorer: settlement per source chain")
  public TemplateInstance settlement() {
    return Templates.settlement(settlement.status());
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
      throw notFound(q);
    }
  }

  /** An unknown or malformed address or id is a page a person can read, not a problem document. */
  @ServerExceptionMapper
  Response unknown(Refusal refusal) {
    return Response.status(Response.Status.NOT_FOUND)
        .type(MediaType.TEXT_HTML_TYPE)
        .entity(Templates.notFound(refusal.getMessage()).render())
        .build();
  }

  private static Refusal notFound(String what) {
    return new Refusal(
        ProblemCode.NOT_FOUND, "“" + what + "” is neither an address nor an order id");
  }

  String chainName(long chainId) {
    return risk.chains().getOrDefault(chainId, "chain " + chainId);
  }
}
