package io.omnimargin.service.margin;

import io.omnimargin.hub.settlement.ProvisionalCredits;
import io.omnimargin.margin.account.Flows;
import io.omnimargin.margin.engine.AccountSnapshot;
import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.risk.RiskConfig;
import io.omnimargin.margin.valuation.AccountValue;
import io.omnimargin.margin.valuation.CollateralLine;
import io.omnimargin.margin.valuation.PositionLine;
import io.omnimargin.protocol.fixed.FixedPoint;
import io.omnimargin.protocol.types.Address;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An account's cross-chain value as the API shows it: decimal strings, ratios as fractions. */
@Schema(name = "Account", description = "One Account Value over collateral on every chain")
public record AccountView(
    @Schema(description = "The trader's address, lower case") String account,
    @Schema(description = "AV_m: collateral at maintenance weights + uPnL + cash, USD")
        String avMaintenance,
    @Schema(description = "AV_i: collateral at initial weights + uPnL + cash, USD")
        String avInitial,
    @Schema(description = "Maintenance margin requirement, USD") String mmr,
    @Schema(description = "Initial margin requirement, USD") String imr,
    @Schema(description = "Σ notional / AV_m; null when AV_m ≤ 0") String gearing,
    @Schema(description = "healthy, call, deleveraging or liquidatable") String health,
    @Schema(description = "AV_m below ⅔·MMR: a liquidation would go to the backstop")
        boolean backstop,
    @Schema(
            description =
                "Hub cash: realized PnL, fees, funding and penalties, USD (negative: a debt)")
        String cash,
    @Schema(description = "Fees paid (bid fees, protocol fees, penalties) and earned, USD")
        Flow fees,
    @Schema(description = "Funding paid and received over the account's life, USD") Flow funding,
    @Schema(description = "Open intents holding margin") int openReservations,
    @Schema(description = "What moved the account last") String lastCause,
    List<Collateral> collateral,
    List<PositionView> positions) {

  /** A running total of cash paid out and taken in. */
  public record Flow(String paid, String received) {}

  /** One collateral balance and how it counts. */
  public record Collateral(
      @Schema(description = "Chain id, decimal") String chainId,
      String asset,
      @Schema(description = "Token amount in whole tokens") String amount,
      @Schema(description = "Oracle price, USD") String price,
      @Schema(description = "Seconds since the price was published; -1 without a price")
          long priceAgeSeconds,
      @Schema(description = "h, fraction") String haircut,
      @Schema(description = "b, fraction") String liquidationBuffer,
      @Schema(description = "b_eff = max(b, b_req), fraction") String effectiveBuffer,
      @Schema(description = "m of the chain's route; 0 when the route is down")
          String messagingDiscount,
      @Schema(description = "w_m = (1 − h)·m") String weightMaintenance,
      @Schema(description = "w_i = (1 − h − b_eff)·m; 0 with a stale price") String weightInitial,
      @Schema(description = "amount · price · w_m, USD") String valueMaintenance,
      @Schema(description = "amount · price · w_i, USD") String valueInitial,
      @Schema(
              description =
                  "Part of amount credited before its proof: a solver fronted the deposit and is"
                      + " repaid when the proof lands; 0 when all of it is proven")
          String provisional,
      @Schema(
              description =
                  "m of w_m: a fall of the route's m reaches AV_m over the phase-in; 0 when down")
          String maintenanceDiscount,
      @Schema(description = "Why m is what it is (bridge health), e.g. finality lag, disagreements")
          String discountReason,
      @Schema(description = "Why b_eff is what it is: b or b_req from σ (measured) and the window")
          String bufferReason) {}

  /** Why a line's adaptive numbers are what they are; none before the service has notes. */
  public interface Notes {
    Notes NONE =
        new Notes() {
          @Override
          public String route(long chainId) {
            return null;
          }

          @Override
          public String buffer(long chainId, String asset) {
            return null;
          }
        };

    String route(long chainId);

    String buffer(long chainId, String asset);
  }

  /** One position at the mark. */
  public record PositionView(
      String market,
      @Schema(description = "Signed size in base units (+ long)") String size,
      @Schema(description = "The average entry price, cost / size") String entryPrice,
      @Schema(description = "The exact cost basis: Σ notional booked, USD (+ for a long)")
          String cost,
      String markPrice,
      String unrealizedPnl,
      String notional,
      @Schema(description = "Funding this position received (+) or paid (−) since it opened, USD")
          String funding,
      boolean stalePrice) {}

  static AccountView of(Address owner, AccountSnapshot snapshot, RiskConfig risk) {
    return of(owner, snapshot, risk, (o, chain, asset) -> java.math.BigInteger.ZERO, Notes.NONE);
  }

  static AccountView of(
      Address owner, AccountSnapshot snapshot, RiskConfig risk, ProvisionalCredits provisional) {
    return of(owner, snapshot, risk, provisional, Notes.NONE);
  }

  static AccountView of(
      Address owner,
      AccountSnapshot snapshot,
      RiskConfig risk,
      ProvisionalCredits provisional,
      Notes notes) {
    AccountValue v = snapshot.value();
    Flows flows = snapshot.account().flows();
    return new AccountView(
        owner.toLowerHex(),
        Wad.format(v.avMaintenance()),
        Wad.format(v.avInitial()),
        Wad.format(v.mmr()),
        Wad.format(v.imr()),
        v.gearing().map(Wad::format).orElse(null),
        snapshot.health().name().toLowerCase(java.util.Locale.ROOT),
        v.backstop(),
        Wad.format(v.cash()),
        new Flow(Wad.format(flows.feesPaid()), Wad.format(flows.feesEarned())),
        new Flow(Wad.format(flows.fundingPaid()), Wad.format(flows.fundingReceived())),
        snapshot.openReservations(),
        snapshot.lastCause(),
        v.collateral().stream()
            .map(line -> collateral(owner, line, risk, provisional, notes))
            .toList(),
        v.positions().stream()
            .map(p -> position(p, snapshot.account().position(p.market()).funding()))
            .toList());
  }

  private static Collateral collateral(
      Address owner,
      CollateralLine l,
      RiskConfig risk,
      ProvisionalCredits provisional,
      Notes notes) {
    return new Collateral(
        Long.toString(l.chainId()),
        l.asset(),
        FixedPoint.format(l.amount(), risk.asset(l.asset()).decimals()),
        Wad.format(l.price()),
        l.priceAgeSeconds(),
        Wad.format(l.haircut()),
        Wad.format(l.liquidationBuffer()),
        Wad.format(l.effectiveBuffer()),
        Wad.format(l.messagingDiscount()),
        Wad.format(l.weightMaintenance()),
        Wad.format(l.weightInitial()),
        Wad.format(l.valueMaintenance()),
        Wad.format(l.valueInitial()),
        FixedPoint.format(
            provisional.provisional(owner, l.chainId(), l.asset()),
            risk.asset(l.asset()).decimals()),
        Wad.format(l.maintenanceDiscount()),
        notes.route(l.chainId()),
        notes.buffer(l.chainId(), l.asset()));
  }

  private static PositionView position(PositionLine p, java.math.BigInteger funding) {
    return new PositionView(
        p.market(),
        Wad.format(p.size()),
        Wad.format(p.entryPrice()),
        Wad.format(p.cost()),
        Wad.format(p.markPrice()),
        Wad.format(p.unrealizedPnl()),
        Wad.format(p.notional()),
        Wad.format(funding),
        p.stale());
  }
}
