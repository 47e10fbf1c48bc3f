package io.omnimargin.settlement.proof;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Bytes32;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Tampered proofs fail with a typed reason, never with an exception and never as a value. */
class HostileProofTest {
  static final JsonNode FILE = StateProofFixturesTest.FILE;
  static final JsonNode CASE = FILE.get("cases").get(0);
  static final Bytes32 ROOT = Bytes32.fromHex(FILE.get("stateRoot").asText());
  static final Address ADDRESS = Address.parse(CASE.get("address").asText());
  static final List<byte[]> PROOF =
      StateProofFixturesTest.nodes(CASE.get("proof").get("accountProof"));

  static ProofFailure failure(StateProofs.AccountProof result) {
    assertThat(result).isInstanceOf(StateProofs.AccountProof.Invalid.class);
    return ((StateProofs.AccountProof.Invalid) result).failure();
  }

  @Test
  void wrongRoot() {
    assertThat(
            failure(StateProofs.account(Bytes32.fromHex("0x" + "11".repeat(32)), ADDRESS, PROOF)))
        .isEqualTo(ProofFailure.ROOT_MISMATCH);
  }

  @Test
  void aNodeNotReferencedByItsParent() {
    List<byte[]> tampered = new ArrayList<>(PROOF);
    byte[] last = tampered.get(tampered.size() - 1).clone();
    last[last.length - 1] ^= 1;
    tampered.set(tampered.size() - 1, last);
    assertThat(failure(StateProofs.account(ROOT, ADDRESS, tampered)))
        .isEqualTo(ProofFailure.HASH_MISMATCH);
  }

  @Test
  void aTruncatedProof() {
    assertThat(failure(StateProofs.account(ROOT, ADDRESS, PROOF.subList(0, PROOF.size() - 1))))
        .isEqualTo(ProofFailure.TRUNCATED);
    assertThat(failure(StateProofs.account(ROOT, ADDRESS, List.of())))
        .isEqualTo(ProofFailure.EMPTY_PROOF);
  }

  @Test
  void extraNodesAfterTheAnswer() {
    List<byte[]> longer = new ArrayList<>(PROOF);
    longer.add(PROOF.get(0));
    assertThat(failure(StateProofs.account(ROOT, ADDRESS, longer)))
        .isEqualTo(ProofFailure.TRAILING_NODES);
  }

  @Test
  void aProofForAnotherKeyDoesNotProveThisOne() {
    Address other = Address.parse(FILE.get("cases").get(1).get("address").asText());
    StateProofs.AccountProof result = StateProofs.account(ROOT, other, PROOF);
    // Either the path leaves the proven nodes or it diverges: never the other account's state.
    assertThat(result).isNotInstanceOf(StateProofs.AccountProof.Exists.class);
  }

  @Test
  void junkAndOversizedNodes() {
    byte[] junk = {(byte) 0xf9, 0x02, 0x11, 0x00};
    List<byte[]> withJunk = new ArrayList<>(List.of(junk));
    assertThat(failure(StateProofs.account(ROOT, ADDRESS, withJunk)))
        .isEqualTo(ProofFailure.ROOT_MISMATCH);
    assertThat(failure(StateProofs.account(ROOT, ADDRESS, List.of(new byte[2000]))))
        .isEqualTo(ProofFailure.OVERSIZED_NODE);
  }

  @Test
  void randomCorruptionNeverThrowsAndNeverProvesTheOriginal() {
    Random random = new Random(42);
    for (int i = 0; i < 2000; i++) {
      List<byte[]> tampered = new ArrayList<>();
      for (byte[] node : PROOF) {
        tampered.add(node.clone());
      }
      byte[] node = tampered.get(random.nextInt(tampered.size()));
      node[random.nextInt(node.length)] ^= (byte) (1 + random.nextInt(255));
      assertThat(StateProofs.account(ROOT, ADDRESS, tampered))
          .isInstanceOf(StateProofs.AccountProof.Invalid.class);
    }
  }

  @Test
  void strictRlpRejectsNonCanonicalEncodings() {
    assertThat(rlpFails(new byte[] {(byte) 0x81, 0x05})).isTrue(); // single byte wrapped
    assertThat(rlpFails(new byte[] {(byte) 0xb8, 0x01, 0x05})).isTrue(); // long form, short item
    assertThat(rlpFails(new byte[] {(byte) 0xc3, 0x01})).isTrue(); // runs past the end
    assertThat(rlpFails(new byte[] {0x01, 0x02})).isTrue(); // trailing bytes
    assertThat(rlpFails(new byte[] {(byte) 0x82, 0x05, 0x06})).isFalse();
  }

  private static boolean rlpFails(byte[] data) {
    try {
      Rlp.decode(data);
      return false;
    } catch (ProofException e) {
      return e.failure == ProofFailure.BAD_RLP;
    }
  }
}
