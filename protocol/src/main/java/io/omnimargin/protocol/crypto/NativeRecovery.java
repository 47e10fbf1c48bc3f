package io.omnimargin.protocol.crypto;

import fr.acinq.secp256k1.Secp256k1;
import io.omnimargin.protocol.SignatureException;
import io.omnimargin.protocol.types.Address;

/** Recovery through libsecp256k1 (bitcoin-core's C library) via ACINQ's JNI binding. */
final class NativeRecovery implements SignatureRecovery {
  private final Secp256k1 secp;

  NativeRecovery(Secp256k1 secp) {
    this.secp = secp;
  }

  /** Loads the bundled native library; throws when this platform has none. */
  static NativeRecovery load() {
    Secp256k1 secp = Secp256k1.get();
    return new NativeRecovery(secp);
  }

  @Override
  public Address recover(byte[] digest, Signature signature) {
    byte[] publicKey;
    try {
      publicKey = secp.ecdsaRecover(signature.compact(), digest, signature.recoveryId());
    } catch (RuntimeException e) {
      // The binding reports an unrecoverable point as Secp256k1Exception (a RuntimeException).
      throw new SignatureException(SignatureException.Kind.UNRECOVERABLE, "no key recovers");
    }
    return Address.fromPublicKey(publicKey, 1); // skip the 0x04 uncompressed-point prefix
  }

  @Override
  public String name() {
    return "native-libsecp256k1";
  }

  @Override
  public boolean isNative() {
    return true;
  }
}
