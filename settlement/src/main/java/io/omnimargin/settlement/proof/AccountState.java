package io.omnimargin.settlement.proof;

import io.omnimargin.protocol.types.Bytes32;
import java.math.BigInteger;

/** An account's state as the state trie holds it. */
public record AccountState(
    BigInteger nonce, BigInteger balance, Bytes32 storageRoot, Bytes32 codeHash) {}
