package io.omnimargin.settlement.header;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.settlement.chain.EvmChain;
import io.omnimargin.testsupport.AnvilNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Headers of every fork the dev node produces, London to Prague and its default: each re-encodes to
 * its hash; any changed field, or a field of a later fork without the earlier ones, is refused.
 */
class HeaderCodecTest {

  @ParameterizedTest
  @ValueSource(strings = {"london", "shanghai", "cancun", "prague", "default"})
  void headersOfEachForkHashToTheirBlockHash(String fork) throws Exception {
    try (AnvilNode node =
            AnvilNode.start(
                31337, fork.equals("default") ? List.of() : List.of("--hardfork", fork));
        EvmChain chain = new EvmChain(node.rpcUrl())) {
      node.rpc(
          "eth_sendTransaction",
          "[{\"from\":\"0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266\","
              + "\"to\":\"0x70997970C51812dc3A010C7d01b50e0d17dc79C8\",\"value\":\"0x1\"}]");
      node.mine(2);
      for (long n = 0; n <= chain.blockNumber(); n++) {
        Map<String, Object> rpc = chain.block(n).orElseThrow();
        Bytes32 hash = Bytes32.fromHex((String) rpc.get("hash"));
        BlockHeader header = HeaderCodec.verify(node.chainId(), rpc, hash);
        assertThat(header.number()).isEqualTo(n);
        assertThat(header.stateRoot()).isEqualTo(Bytes32.fromHex((String) rpc.get("stateRoot")));
      }
      Map<String, Object> latest = chain.block("latest").orElseThrow();
      assertThat(latest.containsKey("baseFeePerGas")).isTrue();
      if (!fork.equals("london")) {
        assertThat(latest.containsKey("withdrawalsRoot")).isTrue();
      }
      if (fork.equals("prague") || fork.equals("default")) {
        assertThat(latest.containsKey("requestsHash")).isTrue();
      }
      refusesTampering(latest);
    }
  }

  private static void refusesTampering(Map<String, Object> rpc) {
    Bytes32 hash = Bytes32.fromHex((String) rpc.get("hash"));
    for (String field :
        List.of("stateRoot", "timestamp", "gasUsed", "extraData", "baseFeePerGas")) {
      Map<String, Object> forged = new HashMap<>(rpc);
      String v = (String) rpc.get(field);
      forged.put(field, field.equals("extraData") ? v + "00" : flipLast(v));
      assertThatThrownBy(() -> HeaderCodec.verify(1, forged, hash))
          .isInstanceOfSatisfying(
              HeaderException.class,
              e -> assertThat(e.failure()).isEqualTo(HeaderFailure.HASH_MISMATCH));
    }
    Map<String, Object> dropped = new HashMap<>(rpc);
    dropped.remove("baseFeePerGas");
    assertThatThrownBy(() -> HeaderCodec.verify(1, dropped, hash))
        .isInstanceOfSatisfying(
            HeaderException.class,
            e -> assertThat(e.failure()).isEqualTo(HeaderFailure.HASH_MISMATCH));
    Map<String, Object> shortRoot = new HashMap<>(rpc);
    shortRoot.put("stateRoot", "0x1234");
    assertThatThrownBy(() -> HeaderCodec.verify(1, shortRoot, hash))
        .isInstanceOfSatisfying(
            HeaderException.class,
            e -> assertThat(e.failure()).isEqualTo(HeaderFailure.MALFORMED_FIELD));
    Map<String, Object> noNumber = new HashMap<>(rpc);
    noNumber.remove("number");
    assertThatThrownBy(() -> HeaderCodec.verify(1, noNumber, hash))
        .isInstanceOfSatisfying(
            HeaderException.class,
            e -> assertThat(e.failure()).isEqualTo(HeaderFailure.MISSING_FIELD));
  }

  private static String flipLast(String hex) {
    char last = hex.charAt(hex.length() - 1);
    return hex.substring(0, hex.length() - 1) + (last == '1' ? '2' : '1');
  }
}
