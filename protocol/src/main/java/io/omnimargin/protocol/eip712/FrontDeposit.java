package io.omnimargin.protocol.eip712;

import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.protocol.types.Uint256;

/**
 * {@code FrontDeposit(uint256 chainId,bytes32 txHash,uint256 depositNonce,address solver)}, signed
 * by {@code solver} under the Omnimargin domain: the solver credits the depositor at once and is
 * repaid when the deposit's proof lands (the intent-based settlement method). Our own struct.
 */
public record FrontDeposit(long chainId, Bytes32 txHash, Uint256 depositNonce, Address solver) {
  public byte[] digest(Eip712Domain domain) {
    return domain.digest(
        new StructWriter(TypeHashes.FRONT_DEPOSIT, 4)
            .uint(chainId)
            .word(txHash)
            .uint(depositNonce)
            .address(solver)
            .hash());
  }
}
