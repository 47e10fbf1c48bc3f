package io.omnimargin.protocol.crypto;

import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.digests.KeccakDigest;

/** Keccak-256 (Ethereum's hash, not NIST SHA3-256), over BouncyCastle's digest. */
public final class Keccak {
  // Hashing is on the intake hot path; a digest per thread avoids allocating its state each call.
  private static final ThreadLocal<KeccakDigest> DIGEST =
      ThreadLocal.withInitial(() -> new KeccakDigest(256));

  private Keccak() {}

  public static byte[] hash(byte[] input) {
    return hash(input, 0, input.length);
  }

  public static byte[] hash(byte[] input, int offset, int length) {
    KeccakDigest digest = DIGEST.get();
    digest.update(input, offset, length); // doFinal resets the digest for the next call
    byte[] out = new byte[32];
    digest.doFinal(out, 0);
    return out;
  }

  public static byte[] hash(String utf8) {
    return hash(utf8.getBytes(StandardCharsets.UTF_8));
  }
}
