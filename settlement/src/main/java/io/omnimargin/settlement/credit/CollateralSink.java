package io.omnimargin.settlement.credit;

/**
 * Where proven balances go (the margin ledger, through the adapter). Must apply a balance as the
 * line's new value and return only once it is durably applied.
 */
public interface CollateralSink {
  void proven(ProvenBalance balance);
}
