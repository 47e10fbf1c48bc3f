package io.omnimargin.hub.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.settlement.attest.Attestation;
import io.omnimargin.settlement.attest.Attestor;
import io.omnimargin.settlement.attest.BlockHashSource;
import io.omnimargin.settlement.attest.RouteHealthEvent;
import io.omnimargin.settlement.credit.StepReport;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** What the settlement page reads of a chain: refusals, the last final block, the adapters. */
class SettlementChainTest {
  private final Deque<StepReport> reports = new ArrayDeque<>();

  private SettlementChain chain(Attestor attestor) {
    return new SettlementChain(
        1,
        Address.parse("0x" + "11".repeat(20)),
        2,
        2,
        reports::poll,
        attestor::live,
        () -> 0,
        (tx, nonce) -> Optional.empty(),
        null,
        () ->
            new SettlementChain.Agreement(
                attestor.sourceIds(), attestor.last(), attestor.disputes()));
  }

  /** A source that answers from a map of height to hash. */
  private static BlockHashSource source(String id, Map<Long, Bytes32> hashes) {
    return new BlockHashSource() {
      @Override
      public String id() {
        return id;
      }

      @Override
      public Optional<Bytes32> blockHash(long number) {
        return Optional.ofNullable(hashes.get(number));
      }

      @Override
      public long finalizedBlock() {
        return 100;
      }
    };
  }

  @Test
  void refusalsAreKeptWithTheirReasonsNewestFirstAndBounded() {
    Attestor attestor = new Attestor(1, 1, List.of(source("a", Map.of())), e -> {});
    SettlementChain chain = chain(attestor);
    reports.add(
        new StepReport(1, 10, 20, List.of("1/v/e1"), List.of("1/v/e2 not-final"), true, ""));
    reports.add(new StepReport(1, 21, 20, List.of(), List.of(), true, "")); // idle
    List<String> many =
        IntStream.range(0, 25).mapToObj(i -> "1/v/x" + i + " proof-mismatch").toList();
    reports.add(new StepReport(1, 21, 30, List.of(), many, true, ""));

    chain.step();
    assertThat(chain.lastFinalBlock()).isEqualTo(20);
    assertThat(chain.refusals())
        .containsExactly(new SettlementChain.Refused("1/v/e2", "not-final", "10-20"));
    chain.step();
    assertThat(chain.lastFinalBlock()).isEqualTo(20);
    chain.step();
    assertThat(chain.lastFinalBlock()).isEqualTo(30);
    assertThat(chain.refusals()).hasSize(SettlementChain.REFUSALS_KEPT);
    assertThat(chain.refusals().get(0))
        .isEqualTo(new SettlementChain.Refused("1/v/x24", "proof-mismatch", "21-30"));
    assertThat(chain.applied()).isEqualTo(1);
    assertThat(chain.refused()).isEqualTo(26);
  }

  @Test
  void theAgreementSaysWhichAdapterAttestedWhichHashAndKeepsDisagreements() {
    Bytes32 good = Bytes32.wrap(new byte[32]);
    byte[] other = new byte[32];
    other[31] = 1;
    Bytes32 bad = Bytes32.wrap(other);
    List<RouteHealthEvent> health = new ArrayList<>();
    Attestor attestor =
        new Attestor(
            1,
            2,
            List.of(
                source("rpc#0", Map.of(5L, good, 6L, good)),
                source("rpc#1", Map.of(5L, good, 6L, bad))),
            health::add);
    SettlementChain chain = chain(attestor);
    assertThat(chain.agreement().adapters()).containsExactly("rpc#0", "rpc#1");
    assertThat(chain.agreement().last()).isEmpty();

    attestor.attest(5);
    assertThat(chain.agreement().last())
        .contains(new Attestation.Attested(1, 5, good, List.of("rpc#0", "rpc#1")));
    attestor.attest(6);
    Attestation.Disputed disputed =
        new Attestation.Disputed(1, 6, Map.of("rpc#0", good, "rpc#1", bad));
    assertThat(chain.agreement().last()).contains(disputed);
    assertThat(chain.agreement().disputes()).containsExactly(disputed);
    assertThat(chain.live()).isFalse();
    attestor.attest(7); // nobody has it yet: nothing decided
    assertThat(chain.agreement().last().orElseThrow()).isInstanceOf(Attestation.Unavailable.class);
    assertThat(chain.agreement().disputes()).containsExactly(disputed);
  }
}
