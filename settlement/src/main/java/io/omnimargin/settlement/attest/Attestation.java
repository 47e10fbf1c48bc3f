package io.omnimargin.settlement.attest;

import io.omnimargin.protocol.types.Bytes32;
import java.util.List;
import java.util.Map;

/** What k-of-n adapters said of one block height. */
public sealed interface Attestation {
  long chainId();

  long number();

  /** At least {@code k} sources gave this hash and none gave another. */
  record Attested(long chainId, long number, Bytes32 hash, List<String> agreeing)
      implements Attestation {}

  /** Sources gave different hashes: the route is not live until they agree again. */
  record Disputed(long chainId, long number, Map<String, Bytes32> views) implements Attestation {}

  /**
   * Fewer than {@code k} sources answered (down, or not at that height yet); nothing is decided.
   */
  record Unavailable(
      long chainId, long number, int answered, int needed, Map<String, String> errors)
      implements Attestation {}
}
