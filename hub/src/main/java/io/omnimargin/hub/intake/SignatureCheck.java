package io.omnimargin.hub.intake;

import io.omnimargin.hub.problem.ProblemCode;
import io.omnimargin.hub.problem.Refusal;
import io.omnimargin.protocol.SignatureException;
import io.omnimargin.protocol.crypto.Signature;
import io.omnimargin.protocol.crypto.SignatureRecovery;
import io.omnimargin.protocol.types.Address;

/** Parses a wire signature and checks that it recovers to the expected signer. */
final class SignatureCheck {
  private final SignatureRecovery recovery;

  SignatureCheck(SignatureRecovery recovery) {
    this.recovery = recovery;
  }

  Signature verify(String signatureHex, byte[] digest, Address expected, String what) {
    Signature signature;
    Address signer;
    try {
      signature = Signature.parse(signatureHex);
      signer = recovery.recover(digest, signature);
    } catch (SignatureException e) {
      ProblemCode code =
          e.kind() == SignatureException.Kind.HIGH_S
              ? ProblemCode.HIGH_S
              : ProblemCode.BAD_SIGNATURE;
      throw new Refusal(code, e.getMessage(), "signature");
    }
    if (!signer.equals(expected)) {
      throw new Refusal(
          ProblemCode.SIGNER_MISMATCH,
          what + " is signed by " + signer.toChecksumHex() + ", not by " + expected.toChecksumHex(),
          "signature");
    }
    return signature;
  }
}
