package io.omnimargin.service.risk;

import io.omnimargin.hub.problem.ProblemCode;
import io.omnimargin.hub.problem.Refusal;
import io.omnimargin.margin.contagion.RiskMonitor;
import io.omnimargin.margin.contagion.StressScenario;
import io.omnimargin.margin.risk.RiskConfig;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.service.config.OmnimarginConfig;
import io.omnimargin.service.web.EdgeJson;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Exposure by route, concentration, correlations and stress results; stress runs on demand. */
@Path("/v1/risk")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Risk")
public class RiskMonitorResource {
  private final RiskMonitor monitor;
  private final RiskSchedule schedule;
  private final EdgeJson json;
  private final RiskConfig risk;
  private final int maxScenarios;
  // one on-demand run at a time: a run walks the whole ledger
  private final Semaphore running = new Semaphore(1);

  RiskMonitorResource(
      RiskMonitor monitor,
      RiskSchedule schedule,
      EdgeJson json,
      RiskConfig risk,
      OmnimarginConfig config) {
    this.monitor = monitor;
    this.schedule = schedule;
    this.json = json;
    this.risk = risk;
    this.maxScenarios = config.riskMonitor().maxScenarios();
  }

  @GET
  @Operation(
      summary = "Exposure per route, concentration, correlations, the latest scheduled stress run",
      description = "As of the monitor's last scheduled refresh (omnimargin.risk-monitor.interval)")
  public RiskViews.RiskView risk() {
    RiskMonitor.Latest latest = monitor.latest().orElseGet(schedule::runNow);
    return RiskViews.risk(
        latest.exposure(),
        latest.stress(),
        monitor.correlations(),
        monitor.settings().limit(),
        risk);
  }

  @POST
  @Path("/stress")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Run stress scenarios over the live ledger now (read-only)",
      description =
          "{\"scenarios\": [{\"name\": \"eth-30\", \"routesDown\": [\"137\"], "
              + "\"priceShocks\": {\"ETH\": \"-0.30\"}}]}")
  public RiskViews.StressView stress(String body) {
    List<StressScenario> scenarios = StressRequest.parse(json, body, maxScenarios, risk);
    if (!running.tryAcquire()) {
      throw new Refusal(
          ProblemCode.RATE_LIMITED,
          "a stress run is under way; try again when it ends",
          null,
          Map.of("retryAfterSeconds", 1L));
    }
    try {
      return RiskViews.stress(monitor.stress(scenarios));
    } finally {
      running.release();
    }
  }

  @GET
  @Path("/accounts/{address}")
  @Operation(
      summary = "One account's dependence on each route, and its AV_m if that route went down")
  public RiskViews.DependenceView account(@PathParam("address") String address) {
    Address owner = EdgeJson.address(address, "address");
    return RiskViews.dependence(owner.toChecksumHex(), monitor.dependence(owner));
  }
}
