package io.omnimargin.protocol.crypto;

import java.math.BigInteger;

/** Fixed-width big-endian encoding of non-negative integers. */
final class Unsigned {
  private Unsigned() {}

  /** {@code value} as exactly {@code length} big-endian bytes (it must fit). */
  static byte[] toBytes(BigInteger value, int length) {
    byte[] raw = value.toByteArray();
    int start = raw.length > length ? raw.length - length : 0; // drop BigInteger's sign byte
    byte[] out = new byte[length];
    System.arraycopy(raw, start, out, length - (raw.length - start), raw.length - start);
    return out;
  }
}
