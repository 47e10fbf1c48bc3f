package io.omnimargin.service.auction;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnimargin.auction.solver.SolverRegistry;
import io.omnimargin.hub.auction.AuctionHouse;
import io.omnimargin.hub.intake.IntakePolicy;
import io.omnimargin.hub.intake.SignatureCheck;
import io.omnimargin.hub.problem.ProblemCode;
import io.omnimargin.hub.problem.Refusal;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.protocol.crypto.SignatureRecovery;
import io.omnimargin.protocol.eip712.SolverRegistration;
import io.omnimargin.protocol.session.SessionCodec;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.service.web.EdgeJson;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/** Solver registration: a signed {@code SolverRegistration}, accepted from the allow-list only. */
@Path("/v1/solvers/registrations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Auctions")
public class SolverResource {
  private static final Logger LOG = Logger.getLogger(SolverResource.class);
  private final AuctionHouse house;
  private final IntakePolicy policy;
  private final EdgeJson json;
  private final SessionCodec codec;
  private final SignatureCheck signatures;

  SolverResource(
      AuctionHouse house,
      IntakePolicy policy,
      EdgeJson json,
      SessionCodec codec,
      SignatureRecovery recovery) {
    this.house = house;
    this.policy = policy;
    this.json = json;
    this.codec = codec;
    this.signatures = new SignatureCheck(recovery);
  }

  public record Registered(String solver, String name, String bond) {}

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "Register a solver",
      description =
          "{\"registration\": {\"solver\", \"name\", \"issuedAt\"}, \"signature\": \"0x…\"}: an"
              + " EIP-712 SolverRegistration(address solver,string name,uint64 issuedAt)")
  public Response register(String body) {
    JsonNode root = json.object(body);
    JsonNode r = EdgeJson.object(root, "registration");
    SolverRegistration registration;
    try {
      registration =
          new SolverRegistration(
              EdgeJson.address(r, "solver", "registration.solver"),
              EdgeJson.text(r, "name", "registration.name"),
              EdgeJson.uint(r, "issuedAt", "registration.issuedAt", Long.MAX_VALUE));
    } catch (IllegalArgumentException e) {
      throw new Refusal(ProblemCode.INVALID_FIELD, e.getMessage(), "registration");
    }
    Address signer =
        signatures.recover(registration.digest(policy.domain()), codec.signature(root));
    try {
      SolverRegistry.Registered done = house.registry().register(registration, signer);
      LOG.infof("solver %s registered as %s", done.solver(), done.name());
      return Response.status(201)
          .entity(
              new Registered(done.solver().toChecksumHex(), done.name(), Wad.format(done.bond())))
          .build();
    } catch (SolverRegistry.RegistrationRefused e) {
      throw new Refusal(ProblemCode.REGISTRATION_REFUSED, e.getMessage());
    }
  }
}
