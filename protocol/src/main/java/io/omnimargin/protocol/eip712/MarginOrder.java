package io.omnimargin.protocol.eip712;

import io.omnimargin.protocol.types.Bytes;
import io.omnimargin.protocol.types.Uint256;

/**
 * {@code MarginOrder(bytes32 market,bool isBuy,uint256 size,uint256 limitPrice,bool reduceOnly,
 * uint256 venueChainId,uint256 maxFee)}; size, limit price and max fee with 18 decimals.
 */
public record MarginOrder(
    MarketSymbol market,
    boolean isBuy,
    Uint256 size,
    Uint256 limitPrice,
    boolean reduceOnly,
    Uint256 venueChainId,
    Uint256 maxFee)
    implements OrderData {

  @Override
  public OrderDataType type() {
    return OrderDataType.MARGIN_ORDER;
  }

  @Override
  public Bytes encode() {
    return new AbiWords(7)
        .word(market.toWord())
        .bool(isBuy)
        .uint(size)
        .uint(limitPrice)
        .bool(reduceOnly)
        .uint(venueChainId)
        .uint(maxFee)
        .toBytes();
  }
}
