package io.omnimargin.service.clearing;

import io.omnimargin.cluster.partition.SystemShards;
import io.omnimargin.hub.clearing.LiquidationRecord;
import io.omnimargin.margin.clearing.ClearingParameters;
import io.omnimargin.margin.engine.MarginEvent;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A liquidation as the API shows it. Prices, sizes and amounts are decimal strings of the
 * 18-decimal values ({@code "2412.1875"}), as in the account view.
 */
public record LiquidationView(
    long id,
    String account,
    @Schema(description = "open (taking bids), blocked (a mark is stale) or completed")
        String state,
    @Schema(description = "When it started, on the hub's clock") String startedAt,
    @Schema(description = "When bidding closes (next try, while blocked)") String closesAt,
    @Schema(description = "Why the completion waits, while blocked: stale-price")
        String blockedReason,
    List<Offered> positions,
    @Schema(description = "Every bid kept, once completed; empty while bidding is sealed")
        List<BidView> bids,
    @Schema(description = "solver, insurance-fund or auto-deleverage; null until completed")
        String takenBy,
    @Schema(description = "The solver or the insurance fund; null for auto-deleverage")
        String taker,
    @Schema(description = "The price each market was placed at") Map<String, String> prices,
    @Schema(description = "Paid to the insurance fund") String penalty,
    @Schema(description = "Negative equity left, paid by the insurance fund") String deficit,
    List<AdlView> deleveraged) {

  /** An offered position: the account's signed size, its mark and bankruptcy price. */
  public record Offered(String market, String size, String mark, String bankruptcyPrice) {}

  public record BidView(
      String solver,
      Map<String, String> prices,
      @Schema(description = "Unix seconds") long validUntil,
      @Schema(description = "Unix millis") long receivedAt,
      @Schema(description = "1 is the best valid bid at the close; 0 if refused or passed over")
          int rank,
      @Schema(
              description =
                  "won, outbid, replaced, expired, solver-insufficient-margin or the problem code"
                      + " it was refused with")
          String status) {}

  /** One auto-deleverage step: the counterparty's position reduced by {@code size}. */
  public record AdlView(String market, String counterparty, String size, String price) {}

  /**
   * The liquidation as it stands; {@code clearing} names the insurance fund, which on a partitioned
   * ledger takes positions as the shard of the account's partition.
   */
  public static LiquidationView of(LiquidationRecord r, ClearingParameters clearing) {
    SystemShards shards = new SystemShards(clearing);
    return of(
        r,
        a -> shards.roleOfShard(a).equals(java.util.Optional.of(SystemShards.Role.INSURANCE_FUND)));
  }

  private static LiquidationView of(
      LiquidationRecord r, java.util.function.Predicate<Address> insuranceFund) {
    MarginEvent.Liquidation done = r.outcome().orElse(null);
    return new LiquidationView(
        r.id(),
        r.account().toChecksumHex(),
        r.state().name().toLowerCase(java.util.Locale.ROOT),
        Instant.ofEpochSecond(r.startedAt()).toString(),
        Instant.ofEpochMilli(r.closesAtMillis()).toString(),
        r.blockedReason(),
        r.offers().stream()
            .map(
                o ->
                    new Offered(
                        o.market(),
                        Wad.format(o.size()),
                        Wad.format(o.mark()),
                        Wad.format(o.bankruptcyPrice())))
            .toList(),
        r.bids().stream().map(LiquidationView::bid).toList(),
        done == null ? null : takenBy(done, insuranceFund),
        done == null || done.taker() == null ? null : done.taker().toChecksumHex(),
        done == null ? null : formatted(done.prices()),
        done == null ? null : Wad.format(done.penalty()),
        done == null ? null : Wad.format(done.deficit()),
        done == null ? List.of() : done.deleveraged().stream().map(LiquidationView::step).toList());
  }

  private static String takenBy(
      MarginEvent.Liquidation done, java.util.function.Predicate<Address> insuranceFund) {
    if (done.taker() == null) {
      return "auto-deleverage";
    }
    return insuranceFund.test(done.taker()) ? "insurance-fund" : "solver";
  }

  private static BidView bid(LiquidationRecord.BidRecord b) {
    return new BidView(
        b.solver().toChecksumHex(),
        formatted(b.prices()),
        b.validUntil(),
        b.receivedAtMillis(),
        b.rank(),
        b.status());
  }

  private static AdlView step(MarginEvent.AdlStep s) {
    return new AdlView(
        s.market(), s.counterparty().toChecksumHex(), Wad.format(s.size()), Wad.format(s.price()));
  }

  private static Map<String, String> formatted(Map<String, BigInteger> prices) {
    Map<String, String> out = new LinkedHashMap<>();
    prices.forEach((market, price) -> out.put(market, Wad.format(price)));
    return out;
  }
}
