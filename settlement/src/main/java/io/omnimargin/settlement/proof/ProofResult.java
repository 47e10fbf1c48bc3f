package io.omnimargin.settlement.proof;

/** The outcome of checking a Merkle-Patricia proof for one key. */
public sealed interface ProofResult {

  /** The key is in the trie with this value (the raw RLP-encoded leaf value). */
  record Found(byte[] value) implements ProofResult {}

  /** The proof shows the key is not in the trie. */
  record Absent() implements ProofResult {}

  /** The proof does not hold; nothing may be concluded from it. */
  record Invalid(ProofFailure failure, String detail) implements ProofResult {}
}
