package io.omnimargin.margin.engine;

import io.omnimargin.margin.account.Account;
import io.omnimargin.margin.decision.ProposedChange;
import io.omnimargin.margin.valuation.Health;
import io.omnimargin.margin.valuation.Totals;
import io.omnimargin.protocol.types.OrderId;
import java.util.LinkedHashMap;
import java.util.Map;

/** One account's mutable state; every access holds its monitor (one writer per account). */
final class AccountCell {
  Account account;
  final Map<OrderId, ProposedChange> reservations = new LinkedHashMap<>();
  Health health = Health.HEALTHY;
  long callSince = -1;
  long lastStepAt = -1;
  String lastCause = "opened";

  // Totals of `account` without reservations, reused while nothing they depend on has changed:
  // the account itself, the prices of `assets`, the routes of `chains`, and the clock staying
  // within [totalsFrom, totalsUntil] (a collateral price passing its heartbeat changes AV_i).
  Totals totals;
  Account totalsOf;
  long totalsEpoch;
  long totalsFrom;
  long totalsUntil;
  String[] assets = new String[0];
  long[] chains = new long[0];

  AccountCell(Account account) {
    this.account = account;
  }

  /** The account as if every open intent's reservation were filled. */
  Account withReservations() {
    Account reserved = account;
    for (ProposedChange change : reservations.values()) {
      reserved = change.applyTo(reserved);
    }
    return reserved;
  }
}
