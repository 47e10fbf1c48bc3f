package io.omnimargin.settlement.header;

/** Why a header from JSON-RPC was not accepted; each a stable code for logs and problems. */
public enum HeaderFailure {
  /** A field every header has is absent. */
  MISSING_FIELD("header-missing-field"),
  /** A field is not the hex quantity or fixed-length data it must be. */
  MALFORMED_FIELD("header-malformed-field"),
  /** keccak256(rlp(header)) differs from the hash the node (or an attestation) gave. */
  HASH_MISMATCH("header-hash-mismatch");

  private final String code;

  HeaderFailure(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}
