package io.omnimargin.service.settlement;

import io.omnimargin.hub.settlement.SettlementChain;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Where settlement stands, per source chain, for operators and curious traders. */
@Path("/v1/settlement")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Settlement")
public class SettlementResource {
  private final SettlementWiring settlement;

  SettlementResource(SettlementWiring settlement) {
    this.settlement = settlement;
  }

  public record ChainView(
      @Schema(description = "Source chain id") String chainId,
      @Schema(description = "The vault contract") String vault,
      @Schema(description = "Whether the route's adapters agree (m counts only when live)")
          boolean live,
      @Schema(description = "k of n: adapters that must agree") String quorum,
      @Schema(description = "Next block to scan; -1 before the first scan") long nextBlock,
      @Schema(description = "Events applied since start") long applied,
      @Schema(description = "Claims refused since start") long refused,
      @Schema(description = "Last scanned range, e.g. 120-131") String lastRange,
      @Schema(description = "Why the last step did not finish, if it did not") String lastError,
      @Schema(description = "The highest block scanned as final since start; -1 before")
          long lastFinalBlock,
      @Schema(description = "What each adapter attested at the last height asked")
          ChainDetail.AgreementView agreement,
      @Schema(description = "The latest refused claims with their reasons, newest first")
          List<ChainDetail.RefusalView> refusals,
      @Schema(description = "Deposits fronted by solvers and not yet proven")
          List<ChainDetail.FrontView> frontsOutstanding,
      @Schema(description = "Seizures sent lately, newest first: pending, done or refused")
          List<ChainDetail.SeizureView> seizures) {}

  public record RepaymentView(
      @Schema(description = "The proven deposit (chain/vault/nonce)") String deposit,
      @Schema(description = "The solver that fronted it") String solver,
      String chainId,
      @Schema(description = "Token address on the chain") String token,
      @Schema(description = "Owed, in token units") String amount) {}

  public record StatusView(List<ChainView> chains, List<RepaymentView> repaymentsOwed) {}

  @GET
  @Operation(summary = "Settlement status per source chain")
  public StatusView status() {
    return new StatusView(
        settlement.loop().chains().stream().map(this::view).toList(),
        settlement.fronts().repayments().stream()
            .map(
                r ->
                    new RepaymentView(
                        r.eventKey(),
                        r.solver().toChecksumHex(),
                        Long.toString(r.chainId()),
                        r.token().toChecksumHex(),
                        r.amount().toString()))
            .toList());
  }

  private ChainView view(SettlementChain chain) {
    return new ChainView(
        Long.toString(chain.chainId()),
        chain.vault().toChecksumHex(),
        chain.live(),
        chain.quorum() + " of " + chain.adapters(),
        chain.nextBlock(),
        chain.applied(),
        chain.refused(),
        chain.lastRange().orElse(null),
        chain.lastError().orElse(null),
        chain.lastFinalBlock(),
        ChainDetail.agreement(chain),
        ChainDetail.refusals(chain),
        ChainDetail.fronts(settlement.fronts().outstanding(), chain.chainId()),
        ChainDetail.seizures(settlement.seizures(), chain.chainId()));
  }
}
