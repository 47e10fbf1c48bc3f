package io.omnimargin.settlement.attest;

import io.omnimargin.protocol.types.Bytes32;
import java.util.Optional;

/**
 * One independent witness of a source chain's block hashes: a separate RPC provider today; a
 * messaging protocol's light client or an oracle network later. Sources must not share a failure
 * domain, or k-of-n means nothing.
 */
public interface BlockHashSource {
  /** A stable name for logs and events ({@code rpc:alchemy}, {@code hyperlane}, …). */
  String id();

  /**
   * The hash this source holds for the canonical block at {@code number}; empty when it has no such
   * block yet. Throws when the source cannot be asked (down, timing out).
   */
  Optional<Bytes32> blockHash(long number);

  /** The highest block this source considers final (its finalized tag or depth rule). */
  long finalizedBlock();
}
