package io.omnimargin.settlement.proof;

/** Why a proof was refused. Every hostile input ends in one of these, never in an exception. */
public enum ProofFailure {
  /** No nodes at all. */
  EMPTY_PROOF,
  /** The first node does not hash to the root. */
  ROOT_MISMATCH,
  /** A node is not the one its parent references. */
  HASH_MISMATCH,
  /** Bytes that are not canonical RLP. */
  BAD_RLP,
  /** RLP that is not a trie node (wrong arity, bad hex-prefix, bad reference). */
  BAD_NODE,
  /** The path continues but the proof ends. */
  TRUNCATED,
  /** Nodes remain after the proof reached its answer. */
  TRAILING_NODES,
  /** A node larger than any real trie node. */
  OVERSIZED_NODE,
  /** The proven value does not decode as the expected structure (account or slot). */
  BAD_VALUE
}
