package io.omnimargin.settlement.verify;

import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Bytes32;
import java.math.BigInteger;
import java.util.Map;

/**
 * Vault state that passed every check: attested block hash, header hash, account proof, storage
 * proofs. Only this type reaches the ledger.
 */
public record ProvenVaultState(
    long chainId,
    Address vault,
    long blockNumber,
    Bytes32 blockHash,
    BigInteger depositNonce,
    Map<LineKey, BigInteger> locked) {}
