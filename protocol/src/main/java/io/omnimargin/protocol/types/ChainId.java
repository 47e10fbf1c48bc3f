package io.omnimargin.protocol.types;

import java.math.BigInteger;

/** An EVM-style chain id. Ids beyond 2^63 do not occur in practice and are refused at the edge. */
public record ChainId(long value) {
  public ChainId {
    if (value <= 0) {
      throw new IllegalArgumentException("chain id must be positive");
    }
  }

  public static ChainId of(long value) {
    return new ChainId(value);
  }

  /** Parses a decimal chain id, as configuration and JSON carry it. */
  public static ChainId parse(String decimal) {
    try {
      return new ChainId(Digits.unsignedLong(decimal.trim()));
    } catch (NumberFormatException | NullPointerException e) {
      throw new IllegalArgumentException("not a chain id: " + decimal);
    }
  }

  public Uint256 toUint256() {
    return Uint256.of(BigInteger.valueOf(value));
  }

  /** Whether a signed {@code uint256} field names this chain. */
  public boolean matches(Uint256 field) {
    return field.toBigInteger().equals(BigInteger.valueOf(value));
  }

  @Override
  public String toString() {
    return Long.toString(value);
  }
}
