package io.omnimargin.protocol.eip712;

import io.omnimargin.protocol.types.Bytes;

/** The decoded {@code orderData} of a {@link GaslessCrossChainOrder}. */
public sealed interface OrderData permits MarginOrder, CollateralWithdrawal {

  OrderDataType type();

  /** {@code abi.encode} of the fields, in type-string order. */
  Bytes encode();
}
