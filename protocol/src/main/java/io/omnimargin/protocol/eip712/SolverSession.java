package io.omnimargin.protocol.eip712;

import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Bytes32;

/**
 * {@code SolverSession(address solver,bytes32 challenge)}, signed by {@code solver} under the
 * Omnimargin domain: the answer to the random challenge a hub sends when a solver opens its session
 * socket. The challenge is fresh per connection, so a captured answer opens nothing else. Our own
 * struct (not in shared/spec).
 */
public record SolverSession(Address solver, Bytes32 challenge) {
  public byte[] digest(Eip712Domain domain) {
    return domain.digest(
        new StructWriter(TypeHashes.SOLVER_SESSION, 2).address(solver).word(challenge).hash());
  }
}
