package io.omnimargin.service.margin;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnimargin.hub.port.MarginInputs;
import io.omnimargin.hub.problem.ProblemCode;
import io.omnimargin.hub.problem.Refusal;
import io.omnimargin.margin.engine.EngineInput;
import io.omnimargin.margin.risk.RiskConfig;
import io.omnimargin.protocol.types.Digits;
import io.omnimargin.service.config.OmnimarginConfig;
import io.omnimargin.service.web.EdgeJson;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Sets a route live or down by hand (dev mode only), standing in for settlement's messaging
 * adapters until they report route health themselves.
 */
@Path("/v1/dev/routes")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Development")
public class DevRouteResource {
  @Inject EdgeJson json;

  private final MarginInputs inputs;
  private final RiskConfig risk;
  private final boolean devMode;

  DevRouteResource(MarginInputs inputs, RiskConfig risk, OmnimarginConfig config) {
    this.inputs = inputs;
    this.risk = risk;
    this.devMode = config.devMode();
  }

  /** The route's new state and how many accounts were re-valued in the same step. */
  public record RouteResult(String chainId, boolean live, int revalued) {}

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Take a route down or bring it back (dev mode only)",
      description = "{\"chainId\": \"1\", \"live\": false}")
  public RouteResult set(String body) {
    if (!devMode) {
      throw new Refusal(
          ProblemCode.DEV_MODE_DISABLED, "route control is off (omnimargin.dev-mode=false)");
    }
    JsonNode node = json.object(body);
    long chainId;
    try {
      chainId = Digits.unsignedLong(EdgeJson.string(node, "chainId", "chainId"));
    } catch (NumberFormatException e) {
      throw new Refusal(ProblemCode.INVALID_FIELD, "chainId must be decimal", "chainId");
    }
    if (!risk.chains().containsKey(chainId)) {
      throw new Refusal(ProblemCode.INVALID_FIELD, "no route for chain " + chainId, "chainId");
    }
    if (!node.path("live").isBoolean()) {
      throw new Refusal(ProblemCode.INVALID_FIELD, "live must be true or false", "live");
    }
    boolean live = node.get("live").asBoolean();
    int revalued =
        inputs.apply(
            new EngineInput.RouteHealth(chainId, live, "set by hand (POST /v1/dev/routes)"));
    return new RouteResult(Long.toString(chainId), live, revalued);
  }
}
