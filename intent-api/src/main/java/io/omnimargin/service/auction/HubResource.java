package io.omnimargin.service.auction;

import io.omnimargin.hub.intake.IntakePolicy;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The hub's EIP-712 domain, so that wallets and solvers sign for the right hub. */
@Path("/v1/hub")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Intents")
public class HubResource {
  private final IntakePolicy policy;

  HubResource(IntakePolicy policy) {
    this.policy = policy;
  }

  public record HubView(String name, String version, String chainId, String verifyingContract) {}

  @GET
  @Operation(summary = "The EIP-712 domain every intent, bid and report is signed under")
  public HubView hub() {
    return new HubView(
        policy.domain().name(),
        policy.domain().version(),
        policy.domain().chainId().toString(),
        policy.domain().verifyingContract().toChecksumHex());
  }
}
