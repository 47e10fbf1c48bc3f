package io.omnimargin.service.risk;

import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.risk.adaptive.RouteHealthInputs;
import io.omnimargin.margin.risk.adaptive.RouteScore;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A route's adaptive discount and latency as the API shows them. */
@Schema(name = "Route", description = "m now, the configured m, the health inputs and why")
public record RouteView(
    String chainId,
    String chain,
    @Schema(description = "Adapters agree: false means m = 0 at once") boolean live,
    @Schema(description = "m now (AV_i); 0 while the route is down") String discount,
    @Schema(description = "The phased-in m of AV_m; 0 while down") String maintenanceDiscount,
    @Schema(description = "m in the risk configuration, the ceiling") String configuredDiscount,
    @Schema(description = "The lowest m a live route can score") String floorDiscount,
    @Schema(description = "L_route now, seconds") long latencySeconds,
    @Schema(description = "Measured settlement latency percentile; -1 without observations")
        long measuredLatencySeconds,
    RouteHealthInputs inputs,
    String explanation) {

  static RouteView of(RouteScore s, boolean live, String chain) {
    return new RouteView(
        Long.toString(s.chainId()),
        chain,
        live,
        live ? Wad.format(s.discount()) : "0",
        live ? Wad.format(s.maintenanceDiscount()) : "0",
        Wad.format(s.configured()),
        Wad.format(s.floor()),
        s.latencySeconds(),
        s.measuredLatencySeconds(),
        s.inputs(),
        live ? s.explanation() : "route down: adapters disagree or are not answering, m = 0");
  }
}
