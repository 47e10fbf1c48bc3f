package io.omnimargin.service.explorer;

import io.omnimargin.hub.problem.ProblemCode;
import io.omnimargin.hub.problem.Refusal;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.risk.RiskConfig;
import io.omnimargin.service.margin.AccountHistoryResource;
import io.omnimargin.service.margin.AccountResource;
import io.omnimargin.service.settlement.SettlementResource;
import io.omnimargin.service.web.IntentResource;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The explorer's account page, and the templates of all its pages ({@link OverviewPages}, {@link
 * IntentPages}, {@link SolverPages}), rendered on the server from the API's own views (the
 * resources behind {@code /v1}), so that a page and the JSON can never disagree.
 */
@Path("/accounts/{address}")
@Produces(MediaType.TEXT_HTML)
@Tag(name = "Explorer")
public class ExplorerResource {

  @CheckedTemplate
  static class Templates {
    static native TemplateInstance overview(Overview overview, Activity activity);

    /** The part of the overview that its live stream replaces. */
    static native TemplateInstance overview$live(Activity activity);

    static native TemplateInstance account(AccountPage page, List<IntentPage.Row> intents);

    static native TemplateInstance solver(SolverPage page);

    /** The part of the account page that the live stream replaces. */
    static native TemplateInstance account$live(AccountPage page);

    static native TemplateInstance intent(IntentPage page);

    static native TemplateInstance settlement(SettlementResource.StatusView status);

    static native TemplateInstance risk(RiskPage page);

    static native TemplateInstance notFound(String what);
  }

  private final AccountResource accounts;
  private final IntentResource intents;
  private final RiskConfig risk;
  private final Clock clock;
  private final AccountHistoryResource history;

  ExplorerResource(
      AccountResource accounts,
      IntentResource intents,
      RiskConfig risk,
      Clock clock,
      AccountHistoryResource history) {
    this.accounts = accounts;
    this.intents = intents;
    this.risk = risk;
    this.clock = clock;
    this.history = history;
  }

  @GET
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
        HistoryRow.of(history.history(checksummed, "20"), clock.instant().getEpochSecond()));
  }

  /** Renders the live part of the account page alone, for the stream. */
  String liveFragment(String address) {
    return Templates.account$live(accountPage(address)).render();
  }

  /** An unknown or malformed address or id is a page a person can read, not a problem document. */
  @ServerExceptionMapper
  Response unknown(Refusal refusal) {
    return notFoundPage(refusal);
  }

  /** The 404 page for a refusal: each explorer resource maps its refusals to it. */
  static Response notFoundPage(Refusal refusal) {
    return Response.status(Response.Status.NOT_FOUND)
        .type(MediaType.TEXT_HTML_TYPE)
        .entity(Templates.notFound(refusal.getMessage()).render())
        .build();
  }

  static Refusal notFound(String what) {
    return new Refusal(
        ProblemCode.NOT_FOUND, "“" + what + "” is neither an address nor an order id");
  }

  String chainName(long chainId) {
    return chainName(risk, chainId);
  }

  static String chainName(RiskConfig risk, long chainId) {
    return risk.chains().getOrDefault(chainId, "chain " + chainId);
  }
}
