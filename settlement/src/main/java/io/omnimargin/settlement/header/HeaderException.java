package io.omnimargin.settlement.header;

/** A header that cannot be trusted, with its typed reason. */
public final class HeaderException extends Exception {
  private static final long serialVersionUID = 1L;
  private final HeaderFailure failure;

  public HeaderException(HeaderFailure failure, String detail) {
    super(failure.code() + ": " + detail);
    this.failure = failure;
  }

  public HeaderFailure failure() {
    return failure;
  }
}
