package io.omnimargin.margin.risk;

import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.protocol.types.Bytes32;
import java.math.BigInteger;

/**
 * One row of the (asset, chain) risk table: haircut {@code h} and liquidation buffer {@code b}, as
 * wad ratios ({@code 0.05e18} = 5%), and the token's address on that chain left-padded to 32 bytes
 * (zero for the chain's native asset), as withdrawals name it. A pair not in the table is not
 * accepted as collateral.
 */
public record CollateralRisk(
    String asset, long chainId, BigInteger haircut, BigInteger buffer, Bytes32 token) {
  /** The 32-byte zero word: the chain's native asset. */
  public static final Bytes32 NATIVE = Bytes32.ZERO;

  /** A row without a token address (the native asset). */
  public CollateralRisk(String asset, long chainId, BigInteger haircut, BigInteger buffer) {
    this(asset, chainId, haircut, buffer, NATIVE);
  }

  public CollateralRisk {
    if (haircut.signum() < 0 || haircut.compareTo(Wad.ONE) >= 0) {
      throw new InvalidRiskConfigException(
          asset + "@" + chainId + ": haircut must be in [0%, 100%), got " + Wad.format(haircut));
    }
    if (buffer.signum() < 0 || haircut.add(buffer).compareTo(Wad.ONE) >= 0) {
      throw new InvalidRiskConfigException(
          asset + "@" + chainId + ": buffer must be ≥ 0 and haircut + buffer < 100%");
    }
  }

  public CollateralKey key() {
    return new CollateralKey(chainId, asset);
  }
}
