package io.omnimargin.margin.engine;

import io.omnimargin.margin.account.Account;
import io.omnimargin.margin.valuation.Totals;

/**
 * One account as a read-only monitor sees it: the immutable account, its totals at the time of the
 * copy (the engine's cached totals where still valid) and whether it is one of the clearing house's
 * own accounts.
 */
public record ValuedAccount(Account account, Totals totals, boolean system) {}
