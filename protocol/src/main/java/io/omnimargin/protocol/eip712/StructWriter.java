package io.omnimargin.protocol.eip712;

import io.omnimargin.protocol.crypto.Keccak;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.protocol.types.Uint256;

/**
 * Writes EIP-712 {@code encodeData} words into one buffer and hashes it. Our structs have only
 * static fields plus hashed dynamic ones, so a struct hash is one keccak over {@code 32·(n+1)}
 * bytes — no JSON, no reflection (web3j's generic encoder is kept as the cross-check in tests).
 */
final class StructWriter {
  private static final byte[] MINUS_ONE = filled((byte) 0xff);

  private final byte[] buffer;
  private int offset;

  StructWriter(Bytes32 typeHash, int fields) {
    buffer = new byte[32 * (fields + 1)];
    typeHash.copyTo(buffer, 0);
    offset = 32;
  }

  StructWriter word(Bytes32 word) {
    word.copyTo(buffer, offset);
    offset += 32;
    return this;
  }

  StructWriter address(Address address) {
    address.copyWordTo(buffer, offset);
    offset += 32;
    return this;
  }

  StructWriter uint(Uint256 value) {
    System.arraycopy(value.toWordArray(), 0, buffer, offset, 32);
    offset += 32;
    return this;
  }

  StructWriter uint(long value) {
    for (int i = 0; i < 8; i++) {
      buffer[offset + 31 - i] = (byte) (value >>> (8 * i));
    }
    offset += 32;
    return this;
  }

  /** A signed value as its 256-bit two's complement. */
  StructWriter int256(java.math.BigInteger value) {
    byte[] word = value.signum() < 0 ? MINUS_ONE.clone() : new byte[32];
    byte[] raw = value.toByteArray(); // minimal two's complement, sign-extended by the fill above
    int n = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - n, word, 32 - n, n);
    System.arraycopy(word, 0, buffer, offset, 32);
    offset += 32;
    return this;
  }

  /** {@code bytes} and {@code string} are encoded as the keccak of their contents. */
  StructWriter hashed(byte[] dynamic) {
    System.arraycopy(Keccak.hash(dynamic), 0, buffer, offset, 32);
    offset += 32;
    return this;
  }

  private static byte[] filled(byte b) {
    byte[] word = new byte[32];
    java.util.Arrays.fill(word, b);
    return word;
  }

  Bytes32 hash() {
    if (offset != buffer.length) {
      throw new IllegalStateException(
          "struct has " + buffer.length / 32 + " words, wrote " + offset / 32);
    }
    return Bytes32.wrap(Keccak.hash(buffer));
  }
}
