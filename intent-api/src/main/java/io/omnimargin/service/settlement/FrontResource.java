package io.omnimargin.service.settlement;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnimargin.hub.intake.IntakePolicy;
import io.omnimargin.hub.intake.SignatureCheck;
import io.omnimargin.hub.problem.ProblemCode;
import io.omnimargin.hub.problem.Refusal;
import io.omnimargin.hub.settlement.FrontDesk;
import io.omnimargin.protocol.crypto.Signature;
import io.omnimargin.protocol.crypto.SignatureRecovery;
import io.omnimargin.protocol.eip712.FrontDeposit;
import io.omnimargin.protocol.session.SessionCodec;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.protocol.types.Digits;
import io.omnimargin.protocol.types.Uint256;
import io.omnimargin.service.web.EdgeJson;
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
  private final SettlementWiring settlement;
  private final IntakePolicy policy;
  private final EdgeJson json;
  private final SessionCodec codec;
  private final SignatureCheck signatures;

  /** The provisional credit granted, as the wallet and the solver see it. */
  public record FrontedView(
      String eventKey,
      String account,
      long chainId,
      String asset,
      BigInteger amount,
      String solver) {
    static FrontedView of(FrontDesk.Fronted f) {
      return new FrontedView(
          f.eventKey(),
          f.account().toChecksumHex(),
          f.chainId(),
          f.asset(),
          f.amount(),
          f.solver().toChecksumHex());
    }
  }

  FrontResource(
      SettlementWiring settlement,
      IntakePolicy policy,
      EdgeJson json,
      SessionCodec codec,
      SignatureRecovery recovery) {
    this.settlement = settlement;
    this.json = json;
    this.codec = codec;
    this.signatures = new SignatureCheck(recovery);
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
    JsonNode root = json.object(body);
    JsonNode f = root.get("front");
    if (f == null || !f.isObject()) {
      throw new Refusal(ProblemCode.INVALID_FIELD, "front is required", "front");
    }
    long chainId;
    try {
      chainId = Digits.unsignedLong(f.path("chainId").asText());
    } catch (NumberFormatException e) {
      throw new Refusal(ProblemCode.INVALID_FIELD, "chainId must be decimal", "front.chainId");
    }
    Bytes32 tx = txHash(f);
    BigInteger nonce = depositNonce(f);
    Address solver = EdgeJson.address(f.path("solver").asText(), "front.solver");
    Signature signature = codec.signature(root);
    checkSigner(new FrontDeposit(chainId, tx, Uint256.of(nonce), solver), signature);
    FrontDesk.Fronted fronted = settlement.fronts().front(chainId, tx.toHex(), nonce, solver);
    return Response.accepted(FrontedView.of(fronted)).build();
  }

  private void checkSigner(FrontDeposit front, Signature signature) {
    signatures.verify(signature, front.digest(policy.domain()), front.solver(), "the front");
  }

  private static Bytes32 txHash(JsonNode f) {
    try {
      return Bytes32.fromHex(f.path("txHash").asText());
    } catch (RuntimeException e) {
      throw new Refusal(
          ProblemCode.INVALID_FIELD, "txHash must be 32 bytes of hex", "front.txHash");
    }
  }

  private static BigInteger depositNonce(JsonNode f) {
    try {
      // 78 digits can still exceed 2^256 - 1: Uint256 refuses those too (the fuzz found one)
      return Uint256.of(Digits.unsigned(f.path("depositNonce").asText(), Digits.UINT256_DIGITS))
          .toBigInteger();
    } catch (IllegalArgumentException e) {
      throw new Refusal(
          ProblemCode.INVALID_FIELD,
          "depositNonce must be a decimal uint256",
          "front.depositNonce");
    }
  }
}
