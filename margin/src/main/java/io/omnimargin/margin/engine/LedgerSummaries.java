package io.omnimargin.margin.engine;

import io.omnimargin.margin.account.Account;
import io.omnimargin.margin.account.Position;
import io.omnimargin.margin.clearing.ClearingParameters;
import io.omnimargin.margin.clearing.LedgerSummary;
import io.omnimargin.margin.risk.CollateralKey;
import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Adds up the ledger for its invariants: of one engine, or of the partitions of a cluster. */
public final class LedgerSummaries {
  private LedgerSummaries() {}

  public static LedgerSummary of(List<Account> accounts, ClearingParameters clearing) {
    return of(accounts, clearing::isSystem);
  }

  /** The summary with {@code system} telling the system accounts (a cluster's shards of them). */
  public static LedgerSummary of(
      List<Account> accounts, java.util.function.Predicate<Address> system) {
    Map<String, BigInteger[]> interest = new TreeMap<>();
    Map<CollateralKey, BigInteger> collateral =
        new TreeMap<>(
            java.util.Comparator.comparingLong(CollateralKey::chainId)
                .thenComparing(CollateralKey::asset));
    BigInteger cash = BigInteger.ZERO;
    BigInteger cost = BigInteger.ZERO;
    List<Account> systemAccounts = new ArrayList<>();
    for (Account a : accounts) {
      cash = cash.add(a.cash());
      for (Position p : a.positions().values()) {
        cost = cost.add(p.cost());
        BigInteger[] sides =
            interest.computeIfAbsent(
                p.market(), m -> new BigInteger[] {BigInteger.ZERO, BigInteger.ZERO});
        int side = p.size().signum() > 0 ? 0 : 1;
        sides[side] = sides[side].add(p.size().abs());
      }
      a.collateral().forEach((k, v) -> collateral.merge(k, v, BigInteger::add));
      if (system.test(a.owner())) {
        systemAccounts.add(a);
      }
    }
    Map<String, LedgerSummary.OpenInterest> open = new TreeMap<>();
    interest.forEach((m, s) -> open.put(m, new LedgerSummary.OpenInterest(s[0], s[1])));
    return new LedgerSummary(open, cash, cost, collateral, systemAccounts, accounts.size());
  }
}
