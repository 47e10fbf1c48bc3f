package io.omnimargin.service.risk;

import io.omnimargin.hub.problem.ProblemCode;
import io.omnimargin.hub.problem.Refusal;
import io.omnimargin.hub.settlement.RouteWatch;
import io.omnimargin.margin.engine.MarginEngine;
import io.omnimargin.margin.risk.RiskConfig;
import io.omnimargin.protocol.types.Digits;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The adaptive numbers and why: each asset's composite index, each route's scored m. */
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Risk")
public class RiskResource {
  private final MarginEngine engine;
  private final RiskConfig risk;
  private final RouteWatch routes;
  private final Clock clock;

  RiskResource(MarginEngine engine, RiskConfig risk, RouteWatch routes, Clock clock) {
    this.engine = engine;
    this.risk = risk;
    this.routes = routes;
    this.clock = clock;
  }

  @GET
  @Path("index/{asset}")
  @Operation(summary = "An asset's composite index: each source, whether it counts, and σ now")
  public IndexView index(@PathParam("asset") String asset) {
    if (risk.assets().stream().noneMatch(a -> a.symbol().equals(asset))) {
      throw new Refusal(ProblemCode.UNKNOWN_ASSET, "no asset " + asset);
    }
    return IndexView.of(engine, asset, clock.instant().getEpochSecond());
  }

  @GET
  @Path("routes/{chainId}")
  @Operation(summary = "A route's m now, its configured m, the health inputs and why")
  public RouteView route(@PathParam("chainId") String chainId) {
    long id;
    try {
      id = Digits.unsignedLong(chainId);
    } catch (NumberFormatException e) {
      throw new Refusal(ProblemCode.INVALID_FIELD, "chainId must be decimal", "chainId");
    }
    return routes
        .score(id)
        .map(s -> RouteView.of(s, engine.routeLive(id), risk.chains().get(id)))
        .orElseThrow(() -> new Refusal(ProblemCode.UNKNOWN_ROUTE, "no route for chain " + id));
  }
}
