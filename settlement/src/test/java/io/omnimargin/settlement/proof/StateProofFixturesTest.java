package io.omnimargin.settlement.proof;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.protocol.types.Hex;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays the real {@code eth_getProof} answers of {@code state-proofs.json} (from a local anvil
 * node): every account proof and every storage proof, inclusion and exclusion. Another file of the
 * same format runs with {@code OMNIMARGIN_PROOF_FIXTURES}.
 */
class StateProofFixturesTest {
  static final JsonNode FILE = read();

  static JsonNode read() {
    String override = System.getenv("OMNIMARGIN_PROOF_FIXTURES");
    String shared = System.getProperty("shared.dir", "../../shared");
    Path path =
        override != null && !override.isBlank()
            ? Path.of(override)
            : Path.of(shared, "fixtures", "state-proofs.json");
    try {
      return new ObjectMapper().readTree(path.toFile());
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot read the proof fixtures at "
              + path.toAbsolutePath().normalize()
              + ": put the shared folder beside this repository (../shared), or set -Dshared.dir"
              + " or OMNIMARGIN_PROOF_FIXTURES",
          e);
    }
  }

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (JsonNode c : FILE.get("cases")) {
      out.add(Arguments.of(c.get("kind").asText() + " " + c.get("address").asText(), c));
    }
    assertThat(out).isNotEmpty();
    return out.stream();
  }

  static List<byte[]> nodes(JsonNode array) {
    List<byte[]> nodes = new ArrayList<>();
    array.forEach(n -> nodes.add(Hex.decode(n.asText())));
    return nodes;
  }

  static BigInteger quantity(JsonNode node) {
    return new BigInteger(node.asText().substring(2), 16);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void accountProofChecksOut(String name, JsonNode c) {
    JsonNode p = c.get("proof");
    Bytes32 stateRoot = Bytes32.fromHex(FILE.get("stateRoot").asText());

    StateProofs.AccountProof result =
        StateProofs.account(
            stateRoot, Address.parse(c.get("address").asText()), nodes(p.get("accountProof")));

    if (c.get("kind").asText().equals("absent-account")) {
      assertThat(result).isInstanceOf(StateProofs.AccountProof.Missing.class);
      return;
    }
    assertThat(result).isInstanceOf(StateProofs.AccountProof.Exists.class);
    AccountState state = ((StateProofs.AccountProof.Exists) result).state();
    assertThat(state.balance()).isEqualTo(quantity(p.get("balance")));
    assertThat(state.nonce()).isEqualTo(quantity(p.get("nonce")));
    assertThat(state.storageRoot().toHex()).isEqualTo(p.get("storageHash").asText());
    assertThat(state.codeHash().toHex()).isEqualTo(p.get("codeHash").asText());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyStorageProofChecksOut(String name, JsonNode c) {
    JsonNode p = c.get("proof");
    Bytes32 storageRoot = Bytes32.fromHex(p.get("storageHash").asText());
    int inclusions = 0;
    for (JsonNode slot : p.get("storageProof")) {
      StateProofs.SlotProof result =
          StateProofs.storage(
              storageRoot,
              Bytes32.fromHex(pad(slot.get("key").asText())),
              nodes(slot.get("proof")));
      assertThat(result)
          .as(slot.get("key").asText())
          .isEqualTo(new StateProofs.SlotProof.Value(quantity(slot.get("value"))));
      inclusions += quantity(slot.get("value")).signum();
    }
    if (c.get("kind").asText().startsWith("contract")) {
      assertThat(inclusions).as("contracts carry stored slots").isPositive();
    }
  }

  static String pad(String hex) {
    String digits = hex.substring(2);
    return "0x" + "0".repeat(64 - digits.length()) + digits;
  }
}
