package io.omnimargin.settlement.verify;

/** A claim that settlement refused, with its typed reason. */
public final class SettlementException extends Exception {
  private static final long serialVersionUID = 1L;
  private final SettlementFailure failure;

  public SettlementException(SettlementFailure failure, String detail) {
    super(failure.code() + ": " + detail);
    this.failure = failure;
  }

  public SettlementFailure failure() {
    return failure;
  }
}
