package io.omnimargin.margin.engine;

import io.omnimargin.margin.account.Account;
import io.omnimargin.margin.decision.ProposedChange;
import io.omnimargin.margin.valuation.Health;
import java.util.LinkedHashMap;
import java.util.Map;

/** One account's mutable state; every access holds its monitor (one writer per account). */
final class AccountCell {
  Account account;
  final Map<String, ProposedChange> reservations = new LinkedHashMap<>();
  Health health = Health.HEALTHY;
  long callSince = -1;
  long lastStepAt = -1;
  String lastCause = "opened";

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
