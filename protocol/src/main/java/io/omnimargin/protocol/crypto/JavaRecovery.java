package io.omnimargin.protocol.crypto;

import io.omnimargin.protocol.SignatureException;
import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;
import org.web3j.crypto.ECDSASignature;
import org.web3j.crypto.Sign;

/**
 * Pure-Java recovery through web3j (BouncyCastle); the fallback where the native library is absent.
 */
final class JavaRecovery implements SignatureRecovery {

  @Override
  public Address recover(byte[] digest, Signature signature) {
    BigInteger key;
    try {
      key =
          Sign.recoverFromSignature(
              signature.recoveryId(), new ECDSASignature(signature.r(), signature.s()), digest);
    } catch (RuntimeException e) {
      key = null; // web3j throws for some invalid points instead of returning null
    }
    if (key == null) {
      throw new SignatureException(SignatureException.Kind.UNRECOVERABLE, "no key recovers");
    }
    return Address.fromPublicKey(Unsigned.toBytes(key, 64), 0);
  }

  @Override
  public String name() {
    return "java-web3j";
  }

  @Override
  public boolean isNative() {
    return false;
  }
}
