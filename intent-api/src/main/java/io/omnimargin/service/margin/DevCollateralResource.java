package io.omnimargin.service.margin;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnimargin.hub.port.MarginInputs;
import io.omnimargin.hub.problem.ProblemCode;
import io.omnimargin.hub.problem.Refusal;
import io.omnimargin.margin.engine.EngineInput;
import io.omnimargin.margin.engine.MarginBook;
import io.omnimargin.margin.risk.CollateralKey;
import io.omnimargin.margin.risk.RiskConfig;
import io.omnimargin.protocol.types.Address;
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
import org.jboss.logging.Logger;

/** A development faucet: credits collateral without a chain. Refused unless dev mode is on. */
@Path("/v1/dev/collateral")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Development")
public class DevCollateralResource {
  private static final Logger LOG = Logger.getLogger(DevCollateralResource.class);
  @Inject EdgeJson json;

  private final MarginBook engine;
  private final RiskConfig risk;
  private final boolean devMode;

  private final MarginInputs inputs;

  DevCollateralResource(
      MarginBook engine, MarginInputs inputs, RiskConfig risk, OmnimarginConfig config) {
    this.engine = engine;
    this.inputs = inputs;
    this.risk = risk;
    this.devMode = config.devMode();
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Credit collateral to an account (dev mode only)",
      description =
          "{\"account\": \"0x…\", \"chainId\": \"1\", \"asset\": \"ETH\", \"amount\": \"10.5\"}")
  public AccountView credit(String body) {
    if (!devMode) {
      throw new Refusal(
          ProblemCode.DEV_MODE_DISABLED, "the faucet is off (omnimargin.dev-mode=false)");
    }
    JsonNode node = json.object(body);
    Address owner = EdgeJson.address(EdgeJson.string(node, "account", "account"), "account");
    CollateralKey key = EdgeJson.collateral(node, "", risk);
    var amount = EdgeJson.positive(node, "amount", "amount", risk.asset(key.asset()).decimals());
    inputs.apply(new EngineInput.CollateralChange(owner, key, amount, "dev faucet"));
    LOG.infof(
        "dev faucet: %s %s on chain %d credited to %s",
        node.get("amount").asText(), key.asset(), key.chainId(), owner);
    return AccountView.of(owner, engine.snapshot(owner), risk);
  }
}
