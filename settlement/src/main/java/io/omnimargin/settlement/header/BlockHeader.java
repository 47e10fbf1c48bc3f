package io.omnimargin.settlement.header;

import io.omnimargin.protocol.types.Bytes32;

/**
 * A block header whose RLP encoding was checked to hash to {@link #hash()}: only such a header
 * yields a {@code stateRoot} that proofs may be verified against.
 */
public record BlockHeader(
    long chainId,
    long number,
    Bytes32 hash,
    Bytes32 parentHash,
    Bytes32 stateRoot,
    long timestamp) {}
