package io.omnimargin.hub.intake;

import io.omnimargin.hub.problem.ProblemCode;
import io.omnimargin.hub.problem.Refusal;
import io.omnimargin.protocol.SignatureException;
import io.omnimargin.protocol.crypto.Signature;
import io.omnimargin.protocol.crypto.SignatureRecovery;
import io.omnimargin.protocol.types.Address;

/**
 * The one way a wire signature is parsed and recovered, for every endpoint and the session socket:
 * a malformed one (not 65 bytes of hex, {@code r} or {@code s} out of range, {@code v} not 27/28)
 * or one from which no key recovers is {@code bad-signature}, an upper-half {@code s} is {@code
 * high-s}, a signature by someone else is {@code signer-mismatch}; each a {@link Refusal} on the
 * field {@code signature}.
 */
public final class SignatureCheck {
  private final SignatureRecovery recovery;

  public SignatureCheck(SignatureRecovery recovery) {
    this.recovery = recovery;
  }

  /** The refusal a signature failure is: {@code high-s} or {@code bad-signature}. */
  public static Refusal refusal(SignatureException e) {
    ProblemCode code =
        e.kind() == SignatureException.Kind.HIGH_S ? ProblemCode.HIGH_S : ProblemCode.BAD_SIGNATURE;
    return new Refusal(code, e.getMessage(), "signature");
  }

  /** Parses {@code 0x} + 65 bytes, or refuses it with its code. */
  public static Signature parse(String signatureHex) {
    try {
      return Signature.parse(signatureHex);
    } catch (SignatureException e) {
      throw refusal(e);
    }
  }

  /** The signer of {@code digest}; {@code bad-signature} when no key recovers. */
  public Address recover(byte[] digest, Signature signature) {
    try {
      return recovery.recover(digest, signature);
    } catch (SignatureException e) {
      throw refusal(e);
    }
  }

  /** Checks that {@code signature} over {@code digest} is by {@code expected}. */
  public void verify(Signature signature, byte[] digest, Address expected, String what) {
    Address signer = recover(digest, signature);
    if (!signer.equals(expected)) {
      throw new Refusal(
          ProblemCode.SIGNER_MISMATCH,
          what + " is signed by " + signer.toChecksumHex() + ", not by " + expected.toChecksumHex(),
          "signature");
    }
  }

  /** Parses the wire signature and checks that it is by {@code expected}. */
  public Signature verify(String signatureHex, byte[] digest, Address expected, String what) {
    Signature signature = parse(signatureHex);
    verify(signature, digest, expected, what);
    return signature;
  }
}
