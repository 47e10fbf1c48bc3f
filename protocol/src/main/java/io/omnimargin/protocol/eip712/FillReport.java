package io.omnimargin.protocol.eip712;

import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.protocol.types.OrderId;
import io.omnimargin.protocol.types.Uint256;

/**
 * {@code FillReport(bytes32 orderId,address solver,uint256 venueChainId,bytes32 txHash,uint256
 * size,uint256 price)}, signed by the winning solver under the Omnimargin domain: where and how it
 * filled the intent ({@code size} and {@code price} with 18 decimals). Our own struct.
 */
public record FillReport(
    OrderId orderId,
    Address solver,
    long venueChainId,
    Bytes32 txHash,
    Uint256 size,
    Uint256 price) {
  public byte[] digest(Eip712Domain domain) {
    return domain.digest(
        new StructWriter(TypeHashes.FILL_REPORT, 6)
            .word(orderId.value())
            .address(solver)
            .uint(venueChainId)
            .word(txHash)
            .uint(size)
            .uint(price)
            .hash());
  }
}
