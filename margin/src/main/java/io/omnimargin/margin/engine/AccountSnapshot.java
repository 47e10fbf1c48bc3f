package io.omnimargin.margin.engine;

import io.omnimargin.margin.account.Account;
import io.omnimargin.margin.valuation.AccountValue;
import io.omnimargin.margin.valuation.Health;

/** An account, its valuation, its staged health and what moved it last. */
public record AccountSnapshot(
    Account account, AccountValue value, Health health, int openReservations, String lastCause) {}
