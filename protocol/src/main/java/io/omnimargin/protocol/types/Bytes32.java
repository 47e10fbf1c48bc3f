package io.omnimargin.protocol.types;

import java.util.Arrays;

/** An immutable 32-byte word ({@code bytes32}). */
public final class Bytes32 {
  public static final Bytes32 ZERO = new Bytes32(new byte[32]);

  private final byte[] bytes;

  private Bytes32(byte[] bytes) {
    this.bytes = bytes;
  }

  public static Bytes32 wrap(byte[] bytes) {
    if (bytes.length != 32) {
      throw new IllegalArgumentException("expected 32 bytes, got " + bytes.length);
    }
    return new Bytes32(bytes.clone());
  }

  /** Takes ownership of a fresh array (no copy); for callers in this package. */
  static Bytes32 own(byte[] bytes) {
    if (bytes.length != 32) {
      throw new IllegalArgumentException("expected 32 bytes, got " + bytes.length);
    }
    return new Bytes32(bytes);
  }

  /** Parses {@code 0x} + 64 hex digits. */
  public static Bytes32 fromHex(String hex) {
    return new Bytes32(Hex.decode(hex, 32));
  }

  /** Left-pads up to 32 bytes (how Solidity widens an address or a uint). */
  public static Bytes32 leftPad(byte[] bytes) {
    if (bytes.length > 32) {
      throw new IllegalArgumentException("longer than 32 bytes");
    }
    byte[] out = new byte[32];
    System.arraycopy(bytes, 0, out, 32 - bytes.length, bytes.length);
    return new Bytes32(out);
  }

  public byte[] toArray() {
    return bytes.clone();
  }

  /** Copies the word into {@code dest} at {@code offset} without an intermediate copy. */
  public void copyTo(byte[] dest, int offset) {
    System.arraycopy(bytes, 0, dest, offset, 32);
  }

  public byte get(int index) {
    return bytes[index];
  }

  public String toHex() {
    return Hex.encode(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Bytes32 other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return toHex();
  }
}
