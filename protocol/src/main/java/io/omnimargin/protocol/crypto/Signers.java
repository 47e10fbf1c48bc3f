package io.omnimargin.protocol.crypto;

/** The signer matching {@link Secp256k1Provider}'s choice. */
final class Signers {
  private static final Signer JAVA = new JavaSigner();
  private static volatile Signer best;

  private Signers() {}

  static Signer best() {
    Signer current = best;
    if (current == null) {
      current = Secp256k1Provider.recovery().isNative() ? new NativeSigner() : JAVA;
      best = current;
    }
    return current;
  }

  static Signer java() {
    return JAVA;
  }
}
