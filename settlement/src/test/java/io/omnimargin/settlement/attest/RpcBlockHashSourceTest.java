package io.omnimargin.settlement.attest;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.settlement.chain.EvmChain;
import io.omnimargin.testsupport.AnvilNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Finality by depth or by the node's finalized tag, and k-of-n over real endpoints. */
class RpcBlockHashSourceTest {

  @Test
  void finalityIsADepthOrTheFinalizedTag() {
    try (AnvilNode node = AnvilNode.start(31337);
        EvmChain chain = new EvmChain(node.rpcUrl())) {
      node.mine(80);
      assertThat(new RpcBlockHashSource("depth", chain, 12).finalizedBlock()).isEqualTo(68);
      long tagged = new RpcBlockHashSource("tag", chain, -1).finalizedBlock();
      // anvil finalizes 64 blocks behind its head
      assertThat(tagged)
          .isEqualTo(Long.decode((String) chain.block("finalized").orElseThrow().get("number")))
          .isLessThan(80);
      assertThat(new RpcBlockHashSource("depth", chain, 12).blockHash(500)).isEmpty();
    }
  }

  @Test
  void kOfNCountsOnlyAnsweringSourcesAndFinalityNeedsKOfThem() {
    try (AnvilNode node = AnvilNode.start(31337);
        EvmChain chain = new EvmChain(node.rpcUrl())) {
      node.mine(10);
      List<RouteHealthEvent> events = new ArrayList<>();
      BlockHashSource down =
          new BlockHashSource() {
            @Override
            public String id() {
              return "down";
            }

            @Override
            public java.util.Optional<Bytes32> blockHash(long number) {
              throw new IllegalStateException("connection refused");
            }

            @Override
            public long finalizedBlock() {
              throw new IllegalStateException("connection refused");
            }
          };
      Attestor twoOfThree =
          new Attestor(
              31337,
              2,
              List.of(
                  new RpcBlockHashSource("a", chain, 2),
                  new RpcBlockHashSource("b", chain, 2),
                  down),
              events::add);
      assertThat(twoOfThree.attest(5)).isInstanceOf(Attestation.Attested.class);
      assertThat(twoOfThree.finalizedBlock()).isEqualTo(8);
      Attestor threeOfThree =
          new Attestor(
              31337,
              3,
              List.of(
                  new RpcBlockHashSource("a", chain, 2),
                  new RpcBlockHashSource("b", chain, 2),
                  down),
              events::add);
      assertThat(threeOfThree.attest(5))
          .isInstanceOfSatisfying(
              Attestation.Unavailable.class,
              u -> assertThat(u.errors()).containsEntry("down", "connection refused"));
      assertThat(threeOfThree.finalizedBlock()).isEqualTo(-1);
      assertThat(events).isEmpty(); // a source that is down is not a disagreement
    }
  }
}
