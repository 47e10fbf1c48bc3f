package io.omnimargin.protocol.crypto;

import io.omnimargin.protocol.SignatureException;
import io.omnimargin.protocol.types.Hex;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * A 65-byte secp256k1 signature {@code r ‖ s ‖ v}. Parsing enforces the wire rules: {@code v} in
 * {27, 28} (0/1 normalised), {@code 0 < r < n} and {@code 0 < s ≤ n/2}.
 */
public final class Signature {
  /** The secp256k1 group order n. */
  public static final BigInteger CURVE_ORDER =
      new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);

  private static final BigInteger HALF_ORDER = CURVE_ORDER.shiftRight(1);

  private final byte[] rs;
  private final int recoveryId;

  private Signature(byte[] rs, int recoveryId) {
    this.rs = rs;
    this.recoveryId = recoveryId;
  }

  /**
   * @throws SignatureException of kind MALFORMED or HIGH_S
   */
  public static Signature parse(String hex) {
    byte[] raw;
    try {
      raw = Hex.decode(hex, 65);
    } catch (IllegalArgumentException e) {
      throw new SignatureException(
          SignatureException.Kind.MALFORMED,
          "signature must be 65 bytes of 0x hex: " + e.getMessage());
    }
    return of(raw);
  }

  /** From 65 raw bytes r ‖ s ‖ v. */
  public static Signature of(byte[] raw) {
    if (raw.length != 65) {
      throw new SignatureException(SignatureException.Kind.MALFORMED, "signature must be 65 bytes");
    }
    int v = raw[64] & 0xff;
    int recoveryId =
        switch (v) {
          case 0, 27 -> 0;
          case 1, 28 -> 1;
          default ->
              throw new SignatureException(
                  SignatureException.Kind.MALFORMED, "v must be 27 or 28 (or 0/1), got " + v);
        };
    return of(Arrays.copyOf(raw, 64), recoveryId);
  }

  /** From the 64-byte compact form and a recovery id 0 or 1. */
  public static Signature of(byte[] compact, int recoveryId) {
    if (compact.length != 64 || (recoveryId != 0 && recoveryId != 1)) {
      throw new SignatureException(SignatureException.Kind.MALFORMED, "bad compact signature");
    }
    BigInteger r = new BigInteger(1, Arrays.copyOfRange(compact, 0, 32));
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(compact, 32, 64));
    if (r.signum() == 0 || r.compareTo(CURVE_ORDER) >= 0 || s.signum() == 0) {
      throw new SignatureException(SignatureException.Kind.MALFORMED, "r or s out of range");
    }
    if (s.compareTo(HALF_ORDER) > 0) {
      throw new SignatureException(
          SignatureException.Kind.HIGH_S, "s is in the upper half of the curve order (EIP-2)");
    }
    return new Signature(compact.clone(), recoveryId);
  }

  /** r ‖ s, 64 bytes. */
  public byte[] compact() {
    return rs.clone();
  }

  public BigInteger r() {
    return new BigInteger(1, Arrays.copyOfRange(rs, 0, 32));
  }

  public BigInteger s() {
    return new BigInteger(1, Arrays.copyOfRange(rs, 32, 64));
  }

  public int recoveryId() {
    return recoveryId;
  }

  /** r ‖ s ‖ v with v in {27, 28}. */
  public String toHex() {
    byte[] raw = Arrays.copyOf(rs, 65);
    raw[64] = (byte) (27 + recoveryId);
    return Hex.encode(raw);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Signature other
        && recoveryId == other.recoveryId
        && Arrays.equals(rs, other.rs);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(rs) + recoveryId;
  }

  @Override
  public String toString() {
    return toHex();
  }
}
