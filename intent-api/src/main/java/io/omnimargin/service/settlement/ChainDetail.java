package io.omnimargin.service.settlement;

import io.omnimargin.hub.settlement.SeizureLog;
import io.omnimargin.hub.settlement.SettlementChain;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.settlement.attest.Attestation;
import io.omnimargin.settlement.credit.FrontedCredits;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The settlement view's detail of one source chain: adapters, refusals, fronts, seizures. */
public final class ChainDetail {
  private ChainDetail() {}

  public record AdapterView(
      String id,
      @Schema(description = "The hash it gave at the last height asked, or null") String blockHash,
      @Schema(description = "Why it gave none, or null") String error) {}

  public record DisputeView(long block, Map<String, String> hashes) {}

  public record AgreementView(
      @Schema(description = "attested, disputed, unavailable or none (nothing asked yet)")
          String state,
      @Schema(description = "The last height asked; -1 before the first") long block,
      @Schema(description = "Adapters that gave the agreed hash, k of n, e.g. 2 of 2")
          String agreeing,
      List<AdapterView> adapters,
      @Schema(description = "The latest heights on which adapters disagreed, newest first")
          List<DisputeView> disputes) {}

  public record RefusalView(String event, String reason, String range) {}

  public record FrontView(
      String deposit,
      String account,
      String solver,
      String token,
      @Schema(description = "Token base units") String amount,
      String frontedAt) {}

  public record SeizureView(
      String event,
      String account,
      String asset,
      @Schema(description = "Token base units") String units,
      @Schema(description = "Worth, decimal USD") String usd,
      @Schema(description = "liquidation, debt or repayment") String reason,
      @Schema(description = "pending (relayed, not yet proven), done or refused") String state,
      String error) {}

  static AgreementView agreement(SettlementChain chain) {
    SettlementChain.Agreement a = chain.agreement();
    Map<String, String> hashes = new LinkedHashMap<>();
    Map<String, String> errors = new LinkedHashMap<>();
    String state = "none";
    long block = -1;
    int agreeing = 0;
    if (a.last().isPresent()) {
      Attestation last = a.last().get();
      block = last.number();
      if (last instanceof Attestation.Attested at) {
        state = "attested";
        agreeing = at.agreeing().size();
        at.agreeing().forEach(id -> hashes.put(id, at.hash().toHex()));
      } else if (last instanceof Attestation.Disputed d) {
        state = "disputed";
        d.views().forEach((id, h) -> hashes.put(id, h.toHex()));
      } else if (last instanceof Attestation.Unavailable u) {
        state = "unavailable";
        errors.putAll(u.errors());
      }
    }
    return new AgreementView(
        state,
        block,
        agreeing + " of " + a.adapters().size(),
        a.adapters().stream()
            .map(id -> new AdapterView(id, hashes.get(id), errors.get(id)))
            .toList(),
        a.disputes().stream().map(ChainDetail::dispute).toList());
  }

  private static DisputeView dispute(Attestation.Disputed d) {
    Map<String, String> hashes = new LinkedHashMap<>();
    d.views().forEach((id, h) -> hashes.put(id, h.toHex()));
    return new DisputeView(d.number(), hashes);
  }

  static List<RefusalView> refusals(SettlementChain chain) {
    return chain.refusals().stream()
        .map(r -> new RefusalView(r.event(), r.reason(), r.range()))
        .toList();
  }

  static List<FrontView> fronts(List<FrontedCredits.Provisional> open, long chainId) {
    return open.stream()
        .filter(p -> p.deposit().chainId() == chainId)
        .map(
            p ->
                new FrontView(
                    p.eventKey(),
                    p.deposit().account().toChecksumHex(),
                    p.solver().toChecksumHex(),
                    p.deposit().token().toChecksumHex(),
                    p.deposit().amount().toString(),
                    Instant.ofEpochSecond(p.frontedAt()).toString()))
        .toList();
  }

  static List<SeizureView> seizures(SeizureLog log, long chainId) {
    return log.of(chainId).stream()
        .map(
            e ->
                new SeizureView(
                    e.eventKey(),
                    e.owner().toChecksumHex(),
                    e.asset(),
                    e.units().toString(),
                    Wad.format(e.usd()),
                    e.reason(),
                    e.state().name().toLowerCase(java.util.Locale.ROOT),
                    e.error()))
        .toList();
  }
}
