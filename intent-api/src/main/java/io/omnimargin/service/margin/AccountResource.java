package io.omnimargin.service.margin;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnimargin.hub.clearing.LiquidationDesk;
import io.omnimargin.hub.problem.ProblemCode;
import io.omnimargin.hub.problem.Refusal;
import io.omnimargin.hub.settlement.ProvisionalCredits;
import io.omnimargin.margin.decision.Decision;
import io.omnimargin.margin.decision.ProposedChange;
import io.omnimargin.margin.engine.MarginBook;
import io.omnimargin.margin.engine.MarginEvent;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.risk.CollateralKey;
import io.omnimargin.margin.risk.RiskConfig;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.service.clearing.LiquidationView;
import io.omnimargin.service.risk.RiskNotes;
import io.omnimargin.service.web.EdgeJson;
import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** One Account Value per trader: the breakdown, what-if checks and live margin events. */
@Path("/v1/accounts/{address}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Accounts")
public class AccountResource {
  @Inject EdgeJson json;

  private final MarginBook engine;
  private final RiskConfig risk;
  private final AccountEventHub events;

  private final ProvisionalCredits provisional;
  private final LiquidationDesk liquidations;
  private final AccountView.Notes notes;

  AccountResource(
      MarginBook engine,
      RiskConfig risk,
      AccountEventHub events,
      ProvisionalCredits provisional,
      LiquidationDesk liquidations,
      RiskNotes notes) {
    this.notes = notes;
    this.engine = engine;
    this.risk = risk;
    this.events = events;
    this.provisional = provisional;
    this.liquidations = liquidations;
  }

  /** The outcome of a what-if check, USD amounts as decimal strings. */
  public record CheckView(
      boolean accepted,
      String reason,
      String avInitial,
      String imrAfter,
      String shortfall,
      String avMaintenance) {
    static CheckView of(Decision d) {
      return d.after() == null
          ? new CheckView(d.accepted(), d.reason().name(), null, null, null, null)
          : new CheckView(
              d.accepted(),
              d.reason().name(),
              Wad.format(d.after().avInitial()),
              Wad.format(d.after().imr()),
              Wad.format(d.shortfall()),
              Wad.format(d.after().avMaintenance()));
    }
  }

  @GET
  @Operation(summary = "The account's value broken down per chain and asset, positions and health")
  public AccountView get(@PathParam("address") String address) {
    Address owner = EdgeJson.address(address, "address");
    return AccountView.of(owner, engine.snapshot(owner), risk, provisional, notes);
  }

  @GET
  @Path("liquidations")
  @Operation(
      summary =
          "The account's liquidations, newest first (at most ?limit=, 1 to 100, default 20), while"
              + " the service keeps them")
  public List<LiquidationView> liquidations(
      @PathParam("address") String address, @QueryParam("limit") @DefaultValue("20") String limit) {
    Address owner = EdgeJson.address(address, "address");
    return liquidations.liquidations(owner, EdgeJson.limit(limit, 100)).stream()
        .map(r -> LiquidationView.of(r, engine.clearing()))
        .toList();
  }

  @POST
  @Path("margin-check")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "What-if: would this order or withdrawal pass the pre-trade check now?",
      description =
          "{\"order\": {\"market\": \"ETH-PERP\", \"side\": \"buy\", \"size\": \"1.5\", \"limitPrice\": \"3000\","
              + " \"reduceOnly\": false}} or {\"withdrawal\": {\"chainId\": \"1\", \"asset\": \"ETH\", \"amount\": \"2\"}}")
  public CheckView check(@PathParam("address") String address, String body) {
    Address owner = EdgeJson.address(address, "address");
    JsonNode node = json.object(body);
    return CheckView.of(engine.whatIf(owner, change(node)));
  }

  @GET
  @Path("events")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @RestStreamElementType(MediaType.APPLICATION_JSON)
  @Operation(summary = "Margin calls, auto-deleverage steps and liquidations of this account, live")
  public Multi<EventView> events(@PathParam("address") String address) {
    Address owner = EdgeJson.address(address, "address");
    return Multi.createFrom()
        .emitter(
            emitter ->
                emitter.onTermination(
                    events.subscribe(
                        owner, e -> emitter.emit(new EventView(e.getClass().getSimpleName(), e)))));
  }

  /** An SSE message: the event's kind and its fields. */
  public record EventView(String type, MarginEvent event) {}

  private ProposedChange change(JsonNode node) {
    if (node.has("order")) {
      JsonNode order = node.get("order");
      String side = EdgeJson.string(order, "side", "order.side");
      if (!side.equals("buy") && !side.equals("sell")) {
        throw new Refusal(ProblemCode.INVALID_FIELD, "side is buy or sell", "order.side");
      }
      return new ProposedChange.Order(
          EdgeJson.string(order, "market", "order.market"),
          side.equals("buy"),
          EdgeJson.wad(order, "size", "order.size"),
          EdgeJson.wad(order, "limitPrice", "order.limitPrice"),
          EdgeJson.flag(order, "reduceOnly", "order.reduceOnly"));
    }
    if (node.has("withdrawal")) {
      JsonNode w = node.get("withdrawal");
      CollateralKey key = EdgeJson.collateral(w, "withdrawal", risk);
      return new ProposedChange.Withdrawal(
          key,
          EdgeJson.positive(w, "amount", "withdrawal.amount", risk.asset(key.asset()).decimals()));
    }
    throw new Refusal(ProblemCode.INVALID_FIELD, "give an order or a withdrawal", "order");
  }
}
