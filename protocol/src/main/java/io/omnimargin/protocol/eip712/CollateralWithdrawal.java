package io.omnimargin.protocol.eip712;

import io.omnimargin.protocol.types.Bytes;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.protocol.types.Uint256;

/**
 * {@code CollateralWithdrawal(uint256 chainId,bytes32 asset,uint256 amount,bytes32 recipient)}:
 * asset and recipient left-padded to 32 bytes so that non-EVM addresses fit.
 */
public record CollateralWithdrawal(
    Uint256 chainId, Bytes32 asset, Uint256 amount, Bytes32 recipient) implements OrderData {

  @Override
  public OrderDataType type() {
    return OrderDataType.COLLATERAL_WITHDRAWAL;
  }

  @Override
  public Bytes encode() {
    return new AbiWords(4).uint(chainId).word(asset).uint(amount).word(recipient).toBytes();
  }
}
