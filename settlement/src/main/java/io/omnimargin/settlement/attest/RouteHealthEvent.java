package io.omnimargin.settlement.attest;

/** A route turning live or not live, with the reason a person can act on. */
public record RouteHealthEvent(long chainId, boolean live, String reason) {}
