package io.omnimargin.protocol.types;

import java.math.BigInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/** An unsigned 256-bit integer ({@code uint256}), the type of every on-chain amount. */
public final class Uint256 implements Comparable<Uint256> {
  public static final BigInteger MAX_VALUE = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
  public static final Uint256 ZERO = new Uint256(BigInteger.ZERO);

  /**
   * The values below 2^16 (chain ids, small sizes and counts), each made once when first asked:
   * every order carries two chain ids, and an owner holds an order per live auction.
   */
  private static final AtomicReferenceArray<Uint256> SMALL = new AtomicReferenceArray<>(1 << 16);

  private final BigInteger value;

  private Uint256(BigInteger value) {
    this.value = value;
  }

  /**
   * @throws IllegalArgumentException when the value is negative or does not fit in 256 bits
   */
  public static Uint256 of(BigInteger value) {
    if (value.signum() < 0 || value.bitLength() > 256) {
      throw new IllegalArgumentException("out of uint256 range");
    }
    return small(value);
  }

  private static Uint256 small(BigInteger value) {
    if (value.bitLength() > 16) {
      return new Uint256(value);
    }
    int at = value.intValue();
    Uint256 known = SMALL.get(at);
    if (known == null) {
      known = new Uint256(value);
      if (!SMALL.compareAndSet(at, null, known)) {
        known = SMALL.get(at);
      }
    }
    return known;
  }

  public static Uint256 of(long value) {
    return of(BigInteger.valueOf(value));
  }

  /** Reads a big-endian 32-byte word. */
  public static Uint256 fromWord(Bytes32 word) {
    return small(new BigInteger(1, word.toArray()));
  }

  public BigInteger toBigInteger() {
    return value;
  }

  public boolean isZero() {
    return value.signum() == 0;
  }

  /** Whether the value fits in {@code bits} bits (for {@code uint32} and friends). */
  public boolean fitsBits(int bits) {
    return value.bitLength() <= bits;
  }

  /** The big-endian 32-byte word, as the ABI and EIP-712 encode it. */
  public Bytes32 toWord() {
    return Bytes32.own(toWordArray());
  }

  /** The big-endian 32-byte word as a fresh array. */
  public byte[] toWordArray() {
    byte[] raw = value.toByteArray();
    byte[] out = new byte[32];
    int len = Math.min(raw.length, 32);
    System.arraycopy(raw, raw.length - len, out, 32 - len, len);
    return out;
  }

  @Override
  public int compareTo(Uint256 o) {
    return value.compareTo(o.value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Uint256 other && value.equals(other.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  /** Decimal, as uints travel in JSON. */
  @Override
  public String toString() {
    return value.toString();
  }
}
