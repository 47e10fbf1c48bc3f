package io.omnimargin.settlement.proof;

/** Internal signal carrying a {@link ProofFailure}; never escapes the verifier. */
final class ProofException extends Exception {
  final ProofFailure failure;

  ProofException(ProofFailure failure, String detail) {
    super(detail, null, false, false);
    this.failure = failure;
  }
}
