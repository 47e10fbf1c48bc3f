package io.omnimargin.service.settlement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omnimargin.hub.intake.IntakePolicy;
import io.omnimargin.hub.problem.ProblemCode;
import io.omnimargin.hub.problem.Refusal;
import io.omnimargin.protocol.crypto.Secp256k1Provider;
import io.omnimargin.protocol.crypto.Signature;
import io.omnimargin.protocol.eip712.FrontDeposit;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.protocol.types.Uint256;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigInteger;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The solver-fronted settlement method over HTTP: {@code POST /v1/settlement/fronts} with {@code
 * {"front": {"chainId", "txHash", "depositNonce", "solver"}, "signature": "0x…"}}, the signature an
 * EIP-712 {@code FrontDeposit} under the Omnimargin domain. Answers 202 with the provisional
 * credit.
 */
@Path("/v1/settlement/fronts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Settlement")
public class FrontResource {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final SettlementService service;
  private final IntakePolicy policy;

  FrontResource(SettlementService service, IntakePolicy policy) {
    this.service = service;
    this.policy = policy;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(
      summary = "A solver fronts a deposit before its proof lands",
      description =
          "{\"front\": {\"chainId\": \"137\", \"txHash\": \"0x…\", \"depositNonce\": \"1\","
              + " \"solver\": \"0x…\"}, \"signature\": \"0x…\"}")
  public Response front(String body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (Exception e) {
      throw new Refusal(ProblemCode.MALFORMED_JSON, "the body is not JSON");
    }
    JsonNode f = root == null ? null : root.get("front");
    if (f == null || !f.isObject()) {
      throw new Refusal(ProblemCode.INVALID_FIELD, "front is required", "front");
    }
    long chainId;
    Bytes32 tx;
    BigInteger nonce;
    Address solver;
    Signature signature;
    try {
      chainId = Long.parseLong(f.path("chainId").asText());
    } catch (NumberFormatException e) {
      throw new Refusal(ProblemCode.INVALID_FIELD, "chainId must be decimal", "front.chainId");
    }
    try {
      tx = Bytes32.fromHex(f.path("txHash").asText());
    } catch (RuntimeException e) {
      throw new Refusal(
          ProblemCode.INVALID_FIELD, "txHash must be 32 bytes of hex", "front.txHash");
    }
    try {
      nonce = new BigInteger(f.path("depositNonce").asText());
    } catch (NumberFormatException e) {
      throw new Refusal(
          ProblemCode.INVALID_FIELD, "depositNonce must be decimal", "front.depositNonce");
    }
    try {
      solver = Address.parse(f.path("solver").asText());
    } catch (RuntimeException e) {
      throw new Refusal(ProblemCode.INVALID_FIELD, "solver is not an address", "front.solver");
    }
    try {
      signature = Signature.parse(root.path("signature").asText());
    } catch (RuntimeException e) {
      throw new Refusal(
          ProblemCode.BAD_SIGNATURE, "signature must be 65 bytes of hex", "signature");
    }
    byte[] digest =
        new FrontDeposit(chainId, tx, Uint256.of(nonce), solver).digest(policy.domain());
    Address signer;
    try {
      signer = Secp256k1Provider.recovery().recover(digest, signature);
    } catch (RuntimeException e) {
      throw new Refusal(ProblemCode.BAD_SIGNATURE, "the signature does not recover", "signature");
    }
    if (!signer.equals(solver)) {
      throw new Refusal(
          ProblemCode.SIGNER_MISMATCH,
          "signed by " + signer + ", not by the solver " + solver,
          "signature");
    }
    try {
      return Response.accepted(service.front(chainId, tx.toHex(), nonce, solver)).build();
    } catch (SettlementService.FrontException e) {
      throw new Refusal(e.code, e.getMessage());
    }
  }
}
