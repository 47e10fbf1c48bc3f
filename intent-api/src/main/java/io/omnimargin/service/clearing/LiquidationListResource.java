package io.omnimargin.service.clearing;

import io.omnimargin.hub.clearing.LiquidationDesk;
import io.omnimargin.margin.engine.MarginEngine;
import io.omnimargin.service.web.EdgeJson;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Every account's liquidations lately, newest first. */
@Path("/v1/liquidations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Clearing")
public class LiquidationListResource {
  private final LiquidationDesk desk;
  private final MarginEngine engine;

  LiquidationListResource(LiquidationDesk desk, MarginEngine engine) {
    this.desk = desk;
    this.engine = engine;
  }

  @GET
  @Operation(
      summary =
          "Recent liquidations of every account, newest first (?limit= 1 to 100, default 20),"
              + " while the service keeps them")
  public List<LiquidationView> recent(@QueryParam("limit") @DefaultValue("20") String limit) {
    return desk.recent(EdgeJson.limit(limit, 100)).stream()
        .map(r -> LiquidationView.of(r, engine.clearing()))
        .toList();
  }
}
