package io.omnimargin.solver;

/**
 * The hub refused a call: {@code code} is its stable RFC 9457 problem code ({@code bid-rejected},
 * {@code not-the-winner}, …) and {@code reason} the bid-rejection reason where there is one.
 */
public final class SolverException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String code;
  private final String reason;

  public SolverException(int status, String code, String reason, String detail) {
    super(code + (reason == null ? "" : " (" + reason + ")") + ": " + detail);
    this.status = status;
    this.code = code;
    this.reason = reason;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  /** The bid-rejection reason, or null. */
  public String reason() {
    return reason;
  }
}
