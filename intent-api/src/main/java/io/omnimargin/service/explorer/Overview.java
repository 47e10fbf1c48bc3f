package io.omnimargin.service.explorer;

import io.omnimargin.service.margin.LedgerResource;
import io.omnimargin.service.margin.MarketResource;
import java.util.List;

/**
 * The overview's numbers: markets, the ledger's health and the settlement routes (its live part,
 * the latest auctions and liquidations, is {@link Activity}).
 */
public record Overview(List<MarketRow> markets, LedgerHealth ledger, List<RouteRow> routes) {

  /** One market as the overview lists it. */
  public record MarketRow(
      String market,
      Amount indexPrice,
      String indexAge,
      Amount fundingRate,
      String nextFunding,
      String nextFundingAt,
      Amount openInterestLong,
      Amount openInterestShort) {
    static MarketRow of(MarketResource.MarketView m, long now) {
      return new MarketRow(
          m.market(),
          Amount.price(m.indexPrice()),
          m.indexPrice() == null && m.indexAgeSeconds() >= 0
              ? "stale, " + Ages.ago(m.indexAgeSeconds())
              : Ages.ago(m.indexAgeSeconds()),
          Amount.percent(m.fundingRate(), 4),
          Ages.relative(m.nextFundingAt(), now),
          Ages.absolute(m.nextFundingAt()),
          Amount.quantity(m.openInterestLong()),
          Amount.quantity(m.openInterestShort()));
    }
  }

  /** The clearing invariants and the system accounts' cash (wad base units in the API). */
  public record LedgerHealth(
      boolean balanced,
      Amount imbalance,
      Amount cashSum,
      Amount insuranceFund,
      Amount feePool,
      Amount settlementPool,
      int accounts) {
    static LedgerHealth of(LedgerResource.LedgerView l) {
      return new LedgerHealth(
          l.balanced(),
          wad(l.imbalance()),
          wad(l.cashSum()),
          wad(cash(l, "insurance-fund")),
          wad(cash(l, "fee-pool")),
          wad(cash(l, "settlement-pool")),
          l.accounts());
    }

    private static String cash(LedgerResource.LedgerView l, String role) {
      return l.systemAccounts().stream()
          .filter(a -> a.role().equals(role))
          .map(LedgerResource.SystemAccount::cash)
          .findFirst()
          .orElse("0");
    }

    private static Amount wad(String raw) {
      return Amount.wadUsd(raw);
    }
  }

  /** A settlement route into the hub: its discount, latency and whether it is live. */
  public record RouteRow(
      String chainId, String name, Amount discount, String latency, boolean live) {}
}
