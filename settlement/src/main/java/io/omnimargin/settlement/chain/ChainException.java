package io.omnimargin.settlement.chain;

/** A JSON-RPC call that failed or a transaction that reverted, naming which. */
public final class ChainException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ChainException(String call, String message) {
    super(call + ": " + message);
  }

  public ChainException(String call, String message, Throwable cause) {
    super(call + ": " + message, cause);
  }
}
