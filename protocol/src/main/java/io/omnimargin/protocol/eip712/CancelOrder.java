package io.omnimargin.protocol.eip712;

import io.omnimargin.protocol.types.OrderId;

/** {@code CancelOrder(bytes32 orderId)}, signed by the order's user. */
public record CancelOrder(OrderId orderId) {
  public byte[] digest(Eip712Domain domain) {
    return domain.digest(new StructWriter(TypeHashes.CANCEL, 1).word(orderId.value()).hash());
  }
}
