package io.omnimargin.protocol.crypto;

import java.math.BigInteger;

/** Signs a fixed digest and checks that an implementation recovers the right address. */
final class SelfTest {
  private SelfTest() {}

  static void check(SignatureRecovery recovery) {
    PrivateKey key = PrivateKey.of(BigInteger.valueOf(0x5eed));
    byte[] digest = Keccak.hash("omnimargin self-test");
    Signature signature = Signers.java().sign(digest, key);
    if (!recovery.recover(digest, signature).equals(key.address())) {
      throw new IllegalStateException(recovery.name() + " recovered the wrong address");
    }
  }
}
