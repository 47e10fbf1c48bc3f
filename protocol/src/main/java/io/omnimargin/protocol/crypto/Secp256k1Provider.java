package io.omnimargin.protocol.crypto;

import java.lang.System.Logger.Level;

/**
 * Chooses the fastest working secp256k1 implementation once per JVM: the native library when it
 * loads and passes a self-test, otherwise pure Java. The choice is logged so operators can see it.
 */
public final class Secp256k1Provider {
  private static final System.Logger LOG = System.getLogger(Secp256k1Provider.class.getName());

  private static volatile SignatureRecovery best;

  private Secp256k1Provider() {}

  /** The active recovery implementation. */
  public static SignatureRecovery recovery() {
    SignatureRecovery current = best;
    if (current == null) {
      synchronized (Secp256k1Provider.class) {
        if (best == null) {
          best = choose();
        }
        current = best;
      }
    }
    return current;
  }

  /** The pure-Java implementation, always available (for cross-checks and fallbacks). */
  public static SignatureRecovery javaRecovery() {
    return new JavaRecovery();
  }

  private static SignatureRecovery choose() {
    if (Boolean.getBoolean("omnimargin.secp256k1.disable-native")) {
      LOG.log(Level.INFO, "secp256k1: native disabled by property; using java-web3j");
      return new JavaRecovery();
    }
    try {
      NativeRecovery nativeRecovery = NativeRecovery.load();
      SelfTest.check(nativeRecovery);
      LOG.log(Level.INFO, "secp256k1: using native-libsecp256k1");
      return nativeRecovery;
    } catch (Throwable e) { // UnsatisfiedLinkError and friends are Errors, not Exceptions
      LOG.log(
          Level.WARNING,
          "secp256k1: native library unavailable (" + e + "); using slower java-web3j");
      return new JavaRecovery();
    }
  }
}
