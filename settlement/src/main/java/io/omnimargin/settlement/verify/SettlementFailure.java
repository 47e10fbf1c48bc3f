package io.omnimargin.settlement.verify;

/** Why a claimed vault state was not believed; each a stable code. */
public enum SettlementFailure {
  /** The adapters disagree on this chain's block hashes. */
  ROUTE_NOT_LIVE("route-not-live"),
  /** Fewer than k adapters vouched for the block. */
  BLOCK_NOT_ATTESTED("block-not-attested"),
  /** The block is not yet final by the route's rule. */
  NOT_FINAL("block-not-final"),
  /** The event's block is no longer the attested block at its height. */
  REORGED("event-reorged"),
  /** The header does not hash to the attested block hash (see the header failure in the detail). */
  BAD_HEADER("bad-header"),
  /** The vault's account proof does not verify against the state root. */
  BAD_ACCOUNT_PROOF("bad-account-proof"),
  /** A storage proof does not verify against the vault's storage root. */
  BAD_STORAGE_PROOF("bad-storage-proof"),
  /** The proof is for another account or another slot than the one asked for. */
  PROOF_MISMATCH("proof-mismatch"),
  /** No contract at the vault address in that state. */
  VAULT_MISSING("vault-missing"),
  /**
   * The proven deposit counter has not reached the event's nonce: the event is not in the state.
   */
  NONCE_NOT_PROVEN("deposit-nonce-not-proven"),
  /** The proven locked balance is below what the events claim. */
  BALANCE_NOT_PROVEN("balance-not-proven");

  private final String code;

  SettlementFailure(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}
