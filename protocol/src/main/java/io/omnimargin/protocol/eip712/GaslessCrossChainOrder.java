package io.omnimargin.protocol.eip712;

import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Bytes;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.protocol.types.OrderId;
import io.omnimargin.protocol.types.Uint256;
import java.util.Objects;

/**
 * ERC-7683's gasless order, exactly as the wallet signs it. {@code openDeadline} and {@code
 * fillDeadline} are {@code uint32} unix seconds.
 */
public record GaslessCrossChainOrder(
    Address originSettler,
    Address user,
    Uint256 nonce,
    Uint256 originChainId,
    long openDeadline,
    long fillDeadline,
    Bytes32 orderDataType,
    Bytes orderData) {

  private static final long UINT32_MAX = 0xffff_ffffL;

  public GaslessCrossChainOrder {
    Objects.requireNonNull(originSettler, "originSettler");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(nonce, "nonce");
    Objects.requireNonNull(originChainId, "originChainId");
    Objects.requireNonNull(orderDataType, "orderDataType");
    Objects.requireNonNull(orderData, "orderData");
    if (openDeadline < 0
        || openDeadline > UINT32_MAX
        || fillDeadline < 0
        || fillDeadline > UINT32_MAX) {
      throw new IllegalArgumentException("deadlines are uint32");
    }
    // the type hash every margin order carries is one shared instance, not one per order held
    orderDataType = OrderDataType.canonical(orderDataType);
  }

  /** EIP-712 {@code hashStruct(order)}. */
  public Bytes32 structHash() {
    return new StructWriter(TypeHashes.ORDER, 8)
        .address(originSettler)
        .address(user)
        .uint(nonce)
        .uint(originChainId)
        .uint(openDeadline)
        .uint(fillDeadline)
        .word(orderDataType)
        .hashed(orderData.toArray())
        .hash();
  }

  /** The order id: the EIP-712 digest under {@code domain}. */
  public OrderId id(Eip712Domain domain) {
    return OrderId.of(domain.digest(structHash()));
  }
}
