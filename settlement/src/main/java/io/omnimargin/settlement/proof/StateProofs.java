package io.omnimargin.settlement.proof;

import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Bytes32;
import java.math.BigInteger;
import java.util.List;

/** EIP-1186 proofs: an account against a state root, a storage slot against a storage root. */
public final class StateProofs {
  private StateProofs() {}

  /** The outcome for an account. */
  public sealed interface AccountProof {
    record Exists(AccountState state) implements AccountProof {}

    record Missing() implements AccountProof {}

    record Invalid(ProofFailure failure, String detail) implements AccountProof {}
  }

  /** The outcome for a storage slot: its value, zero when proven empty. */
  public sealed interface SlotProof {
    record Value(BigInteger value) implements SlotProof {}

    record Invalid(ProofFailure failure, String detail) implements SlotProof {}
  }

  public static AccountProof account(Bytes32 stateRoot, Address address, List<byte[]> proof) {
    ProofResult result = MerklePatriciaProof.verify(stateRoot.toArray(), address.toArray(), proof);
    if (result instanceof ProofResult.Invalid invalid) {
      return new AccountProof.Invalid(invalid.failure(), invalid.detail());
    }
    if (result instanceof ProofResult.Absent) {
      return new AccountProof.Missing();
    }
    try {
      Rlp.Lst fields = MerklePatriciaProof.asList(Rlp.decode(((ProofResult.Found) result).value()));
      if (fields.items().size() != 4) {
        throw new ProofException(ProofFailure.BAD_VALUE, "an account has 4 fields");
      }
      return new AccountProof.Exists(
          new AccountState(
              uint(fields.items().get(0)),
              uint(fields.items().get(1)),
              word(fields.items().get(2)),
              word(fields.items().get(3))));
    } catch (ProofException e) {
      return new AccountProof.Invalid(ProofFailure.BAD_VALUE, e.getMessage());
    }
  }

  /** {@code slot} is the 32-byte storage key (e.g. a mapping slot), not yet hashed. */
  public static SlotProof storage(Bytes32 storageRoot, Bytes32 slot, List<byte[]> proof) {
    ProofResult result = MerklePatriciaProof.verify(storageRoot.toArray(), slot.toArray(), proof);
    if (result instanceof ProofResult.Invalid invalid) {
      return new SlotProof.Invalid(invalid.failure(), invalid.detail());
    }
    if (result instanceof ProofResult.Absent) {
      return new SlotProof.Value(BigInteger.ZERO);
    }
    try {
      // A leaf holding zero is not what mainnet clients write, but anvil keeps one after a slot
      // is cleared; the hashes commit to it, so it proves zero. Non-canonical encodings still fail.
      BigInteger value = uint(Rlp.decode(((ProofResult.Found) result).value()));
      if (value.bitLength() > 256) {
        throw new ProofException(ProofFailure.BAD_VALUE, "a stored slot value is at most 32 bytes");
      }
      return new SlotProof.Value(value);
    } catch (ProofException e) {
      return new SlotProof.Invalid(ProofFailure.BAD_VALUE, e.getMessage());
    }
  }

  private static BigInteger uint(Rlp.Item item) throws ProofException {
    byte[] bytes = MerklePatriciaProof.str(item).bytes();
    if (bytes.length > 32 || (bytes.length > 0 && bytes[0] == 0)) {
      throw new ProofException(ProofFailure.BAD_VALUE, "not a canonical unsigned integer");
    }
    return new BigInteger(1, bytes);
  }

  private static Bytes32 word(Rlp.Item item) throws ProofException {
    byte[] bytes = MerklePatriciaProof.str(item).bytes();
    if (bytes.length != 32) {
      throw new ProofException(ProofFailure.BAD_VALUE, "expected 32 bytes");
    }
    return Bytes32.wrap(bytes);
  }
}
