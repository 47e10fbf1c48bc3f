package io.omnimargin.protocol.crypto;

import io.omnimargin.protocol.SignatureException;
import io.omnimargin.protocol.types.Address;

/** Recovers the signer's address from a 32-byte digest and a signature. Thread-safe. */
public interface SignatureRecovery {

  /**
   * @throws SignatureException of kind UNRECOVERABLE when no key recovers
   */
  Address recover(byte[] digest, Signature signature);

  /** A short name for logs and metrics: {@code native-libsecp256k1} or {@code java-web3j}. */
  String name();

  /** Whether this implementation runs the native library. */
  boolean isNative();
}
