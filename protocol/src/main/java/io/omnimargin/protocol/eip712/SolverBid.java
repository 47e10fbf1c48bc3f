package io.omnimargin.protocol.eip712;

import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.OrderId;
import io.omnimargin.protocol.types.Uint256;

/**
 * {@code SolverBid(bytes32 orderId,address solver,uint256 price,uint256 fee,uint32 validUntil)}:
 * price and fee with 18 decimals, {@code validUntil} in unix seconds.
 */
public record SolverBid(
    OrderId orderId, Address solver, Uint256 price, Uint256 fee, long validUntil) {
  public SolverBid {
    if (validUntil < 0 || validUntil > 0xffff_ffffL) {
      throw new IllegalArgumentException("validUntil is uint32");
    }
  }

  public byte[] digest(Eip712Domain domain) {
    return domain.digest(
        new StructWriter(TypeHashes.SOLVER_BID, 5)
            .word(orderId.value())
            .address(solver)
            .uint(price)
            .uint(fee)
            .uint(validUntil)
            .hash());
  }
}
