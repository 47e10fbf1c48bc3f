package io.omnimargin.hub.settlement;

import io.omnimargin.settlement.vault.VaultEvent;
import java.math.BigInteger;
import java.util.Optional;

/** Reads a deposit from the chain (a transaction's vault log), not from anybody's word. */
@FunctionalInterface
public interface DepositLookup {

  /** The vault's {@code Locked} event with {@code depositNonce} in {@code transactionHash}. */
  Optional<VaultEvent> locked(String transactionHash, BigInteger depositNonce);
}
