package io.omnimargin.protocol;

/** A signature that cannot be accepted, with the reason as a kind. */
public final class SignatureException extends ProtocolException {
  /** Why a signature was refused. */
  public enum Kind {
    /** Not 65 bytes of r ‖ s ‖ v, v outside {0, 1, 27, 28}, or r/s out of range. */
    MALFORMED,
    /** {@code s} in the upper half of the curve order (EIP-2); never silently flipped. */
    HIGH_S,
    /** Well-formed, but no public key recovers from it. */
    UNRECOVERABLE
  }

  private final Kind kind;

  public SignatureException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
