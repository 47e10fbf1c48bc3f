package io.omnimargin.protocol.types;

import java.util.Arrays;

/** An immutable byte string of any length ({@code bytes}). */
public final class Bytes {
  public static final Bytes EMPTY = new Bytes(new byte[0]);

  private final byte[] bytes;

  private Bytes(byte[] bytes) {
    this.bytes = bytes;
  }

  public static Bytes wrap(byte[] bytes) {
    return new Bytes(bytes.clone());
  }

  public static Bytes fromHex(String hex) {
    return new Bytes(Hex.decode(hex));
  }

  public int length() {
    return bytes.length;
  }

  public byte[] toArray() {
    return bytes.clone();
  }

  /** Reads the 32-byte word at {@code offset}. */
  public Bytes32 word(int offset) {
    return Bytes32.own(Arrays.copyOfRange(bytes, offset, offset + 32));
  }

  public String toHex() {
    return Hex.encode(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Bytes other && Arrays.equals(bytes, other.bytes);
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
