package io.omnimargin.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.protocol.types.Hex;
import io.omnimargin.settlement.proof.StateProofs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * State proofs verified per second: one account proof plus two storage proofs, over the shared
 * anvil fixtures ({@code -Dfixtures=PATH} to use another file). Run: see README "Performance".
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ProofVerificationBenchmark {
  private Bytes32 stateRoot;
  private Address address;
  private List<byte[]> accountProof;
  private Bytes32 storageRoot;
  private final List<Bytes32> slots = new ArrayList<>();
  private final List<List<byte[]>> slotProofs = new ArrayList<>();

  @Setup
  public void setUp() throws IOException {
    Path file = Path.of(System.getProperty("fixtures", "../shared/fixtures/state-proofs.json"));
    JsonNode root = new ObjectMapper().readTree(file.toFile());
    JsonNode c = root.get("cases").get(0); // the contract with storage
    stateRoot = Bytes32.fromHex(root.get("stateRoot").asText());
    address = Address.parse(c.get("address").asText());
    accountProof = nodes(c.get("proof").get("accountProof"));
    storageRoot = Bytes32.fromHex(c.get("proof").get("storageHash").asText());
    for (int i = 0; i < 2; i++) {
      JsonNode slot = c.get("proof").get("storageProof").get(i);
      String key = slot.get("key").asText().substring(2);
      slots.add(Bytes32.fromHex("0x" + "0".repeat(64 - key.length()) + key));
      slotProofs.add(nodes(slot.get("proof")));
    }
  }

  private static List<byte[]> nodes(JsonNode array) {
    List<byte[]> out = new ArrayList<>();
    array.forEach(n -> out.add(Hex.decode(n.asText())));
    return out;
  }

  /** What settlement does per deposit: the vault account, then two of its slots. */
  @Benchmark
  public Object accountAndTwoSlots() {
    Object account = StateProofs.account(stateRoot, address, accountProof);
    Object first = StateProofs.storage(storageRoot, slots.get(0), slotProofs.get(0));
    Object second = StateProofs.storage(storageRoot, slots.get(1), slotProofs.get(1));
    return account.hashCode() + first.hashCode() + second.hashCode();
  }
}
