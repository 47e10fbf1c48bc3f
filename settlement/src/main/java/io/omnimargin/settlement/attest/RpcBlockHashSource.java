package io.omnimargin.settlement.attest;

import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.settlement.chain.EvmChain;
import java.util.Optional;

/**
 * Block hashes from one JSON-RPC endpoint. Finality is the node's head minus {@code confirmations};
 * chains with a finalized tag can use {@code confirmations = -1} to read it instead.
 */
public final class RpcBlockHashSource implements BlockHashSource {
  private final String id;
  private final EvmChain chain;
  private final int confirmations;

  public RpcBlockHashSource(String id, EvmChain chain, int confirmations) {
    this.id = id;
    this.chain = chain;
    this.confirmations = confirmations;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public Optional<Bytes32> blockHash(long number) {
    return chain.block(number).map(b -> Bytes32.fromHex((String) b.get("hash")));
  }

  @Override
  public long finalizedBlock() {
    if (confirmations < 0) {
      return chain.block("finalized").map(b -> Long.decode((String) b.get("number"))).orElse(-1L);
    }
    return chain.blockNumber() - confirmations;
  }
}
