package io.omnimargin.protocol.eip712;

import io.omnimargin.protocol.crypto.Keccak;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Bytes32;
import java.nio.charset.StandardCharsets;

/**
 * {@code SolverRegistration(address solver,string name,uint64 issuedAt)}, signed by {@code solver}
 * under the Omnimargin domain: a solver asks to take part. The operator's allow-list and bond
 * decide; the signature proves the key. Our own struct (not in shared/spec).
 */
public record SolverRegistration(Address solver, String name, long issuedAt) {
  public SolverRegistration {
    if (name == null || name.isBlank() || name.length() > 64) {
      throw new IllegalArgumentException("name: 1 to 64 characters");
    }
    if (issuedAt < 0) {
      throw new IllegalArgumentException("issuedAt is uint64 seconds");
    }
  }

  public byte[] digest(Eip712Domain domain) {
    return domain.digest(
        new StructWriter(TypeHashes.SOLVER_REGISTRATION, 3)
            .address(solver)
            .word(Bytes32.wrap(Keccak.hash(name.getBytes(StandardCharsets.UTF_8))))
            .uint(issuedAt)
            .hash());
  }
}
