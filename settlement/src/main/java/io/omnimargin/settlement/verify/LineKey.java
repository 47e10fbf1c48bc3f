package io.omnimargin.settlement.verify;

import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.settlement.vault.VaultLayout;

/** One {@code locked[account][token]} entry of a vault. */
public record LineKey(Address account, Address token) {
  public Bytes32 slot() {
    return VaultLayout.lockedSlot(account, token);
  }
}
