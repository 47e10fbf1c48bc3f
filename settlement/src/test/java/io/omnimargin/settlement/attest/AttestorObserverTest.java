package io.omnimargin.settlement.attest;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.protocol.types.Bytes32;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The attestor reports each disagreement to the route observer, besides taking the route down. */
class AttestorObserverTest {
  record Fixed(String id, Bytes32 hash) implements BlockHashSource {
    @Override
    public Optional<Bytes32> blockHash(long number) {
      return Optional.of(hash);
    }

    @Override
    public long finalizedBlock() {
      return 10;
    }
  }

  @Test
  void aDisagreementIsObservedAndTakesTheRouteDown() {
    List<Long> disagreements = new ArrayList<>();
    List<RouteHealthEvent> health = new ArrayList<>();
    RouteObserver observer =
        new RouteObserver() {
          @Override
          public void disagreement(long chainId, long number) {
            disagreements.add(number);
          }
        };
    Attestor attestor =
        new Attestor(
            137,
            2,
            List.of(
                new Fixed("a", Bytes32.fromHex("0x" + "aa".repeat(32))),
                new Fixed("b", Bytes32.fromHex("0x" + "bb".repeat(32)))),
            health::add,
            observer);
    assertThat(attestor.attest(7)).isInstanceOf(Attestation.Disputed.class);
    assertThat(disagreements).containsExactly(7L);
    assertThat(health).singleElement().satisfies(e -> assertThat(e.live()).isFalse());
  }
}
