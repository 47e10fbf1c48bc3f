package io.omnimargin.service.explorer;

import io.omnimargin.service.margin.AccountView;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * The account page's numbers: the API's {@link AccountView}, grouped by chain and formatted for
 * people, every amount keeping the API's exact value beside its rounded form.
 */
public record AccountPage(
    String address,
    Totals totals,
    Gauge gauge,
    List<ChainGroup> chains,
    List<PositionRow> positions,
    String lastCause,
    List<HistoryRow> history) {

  /** The account's totals and its flows. */
  public record Totals(
      Amount avMaintenance,
      Amount avInitial,
      Amount mmr,
      Amount imr,
      Amount gearing,
      String health,
      Amount cash,
      Amount feesPaid,
      Amount feesReceived,
      Amount fundingPaid,
      Amount fundingReceived,
      Amount unrealizedPnl,
      int openReservations) {}

  /** One chain's collateral: its lines, what it counts for, and the walk its chart draws. */
  public record ChainGroup(
      String chainId,
      String name,
      Amount valueMaintenance,
      Amount valueInitial,
      ValueWalk walk,
      List<CollateralRow> lines) {}

  /** One collateral line, every column of the API's line. */
  public record CollateralRow(
      String key,
      String asset,
      Amount amount,
      Amount price,
      String priceAge,
      Amount haircut,
      Amount effectiveBuffer,
      Amount discount,
      Amount weightMaintenance,
      Amount weightInitial,
      Amount valueMaintenance,
      Amount valueInitial,
      Amount provisional,
      String discountReason,
      String bufferReason) {}

  /** One position at the mark. */
  public record PositionRow(
      String market,
      Amount size,
      Amount entryPrice,
      Amount markPrice,
      Amount unrealizedPnl,
      Amount notional,
      Amount funding,
      boolean stalePrice) {}

  /**
   * @param view the API's account view
   * @param checksummed the account's address, EIP-55
   * @param chainNames a chain's name by id
   * @param callBand the margin-call band above MMR as a fraction (0.25)
   * @param history the account's latest margin events, newest first
   */
  public static AccountPage of(
      AccountView view,
      String checksummed,
      LongFunction<String> chainNames,
      String callBand,
      List<HistoryRow> history) {
    Map<String, List<AccountView.Collateral>> byChain = new LinkedHashMap<>();
    view.collateral()
        .forEach(c -> byChain.computeIfAbsent(c.chainId(), k -> new ArrayList<>()).add(c));
    List<ChainGroup> chains = new ArrayList<>();
    byChain.forEach(
        (chain, lines) ->
            chains.add(
                new ChainGroup(
                    chain,
                    chainNames.apply(Long.parseLong(chain)),
                    Amount.usd(sum(lines, AccountView.Collateral::valueMaintenance)),
                    Amount.usd(sum(lines, AccountView.Collateral::valueInitial)),
                    ValueWalk.of(lines),
                    lines.stream().map(AccountPage::row).toList())));
    return new AccountPage(
        checksummed,
        totals(view),
        Gauge.of(view.avMaintenance(), view.mmr(), callBand),
        chains,
        view.positions().stream().map(AccountPage::position).toList(),
        view.lastCause(),
        history);
  }

  private static Totals totals(AccountView v) {
    return new Totals(
        Amount.usd(v.avMaintenance()),
        Amount.usd(v.avInitial()),
        Amount.usd(v.mmr()),
        Amount.usd(v.imr()),
        Amount.times(v.gearing()),
        v.health(),
        Amount.usd(v.cash()),
        Amount.usd(v.fees().paid()),
        Amount.usd(v.fees().received()),
        Amount.usd(v.funding().paid()),
        Amount.usd(v.funding().received()),
        Amount.usd(sum(v.positions(), AccountView.PositionView::unrealizedPnl)),
        v.openReservations());
  }

  private static CollateralRow row(AccountView.Collateral c) {
    return new CollateralRow(
        c.chainId() + "/" + c.asset(),
        c.asset(),
        Amount.quantity(c.amount()),
        Amount.price(c.price()),
        Ages.ago(c.priceAgeSeconds()),
        Amount.percent(c.haircut(), 2),
        Amount.percent(c.effectiveBuffer(), 2),
        Amount.percent(c.messagingDiscount(), 2),
        Amount.percent(c.weightMaintenance(), 2),
        Amount.percent(c.weightInitial(), 2),
        Amount.usd(c.valueMaintenance()),
        Amount.usd(c.valueInitial()),
        Amount.quantity(c.provisional()),
        c.discountReason() == null ? "" : c.discountReason(),
        c.bufferReason() == null ? "" : c.bufferReason());
  }

  private static PositionRow position(AccountView.PositionView p) {
    return new PositionRow(
        p.market(),
        Amount.quantity(p.size()),
        Amount.price(p.entryPrice()),
        Amount.price(p.markPrice()),
        Amount.usd(p.unrealizedPnl()),
        Amount.usd(p.notional()),
        Amount.usd(p.funding()),
        p.stalePrice());
  }

  private static <T> String sum(List<T> items, java.util.function.Function<T, String> field) {
    return items.stream()
        .map(field)
        .map(BigDecimal::new)
        .reduce(BigDecimal.ZERO, BigDecimal::add)
        .toPlainString();
  }
}
