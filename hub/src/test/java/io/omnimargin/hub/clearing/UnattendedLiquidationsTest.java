package io.omnimargin.hub.clearing;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.hub.testing.ManualTime;
import io.omnimargin.margin.engine.MarginEvent;
import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A liquidation no desk completes is completed without a bid, after the delay and not before. */
class UnattendedLiquidationsTest {
  private static final Address A = Address.parse("0x00000000000000000000000000000000000000a1");
  private final ManualTime time = new ManualTime();
  private final List<Long> asked = new ArrayList<>();
  private final Deque<Object> answers = new ArrayDeque<>();
  private final LiquidationLedger ledger =
      (account, id, bid) -> {
        assertThat(bid).as("never with a bid").isEmpty();
        asked.add(time.millis());
        Object next = answers.pop();
        if (next instanceof RuntimeException e) {
          throw e;
        }
        return (LiquidationLedger.Completion) next;
      };
  private final UnattendedLiquidations unattended =
      new UnattendedLiquidations(ledger, time, Duration.ofSeconds(12));

  @Test
  void itWaitsItsDelayThenCompletesWithoutABid() {
    answers.add(LiquidationLedger.Completion.COMPLETED);
    unattended.started(started(7));

    time.advance(Duration.ofMillis(11_999));
    assertThat(asked).isEmpty();
    time.advance(Duration.ofMillis(1));
    assertThat(asked).hasSize(1);
    time.advance(Duration.ofMinutes(5));
    assertThat(asked).as("once completed, not again").hasSize(1);
  }

  @Test
  void aStaleMarkOrASilentLedgerIsTriedAgainAndACompletedOneIsLeftAlone() {
    answers.add(LiquidationLedger.Completion.WAITING);
    answers.add(new IllegalStateException("the ledger did not answer"));
    answers.add(LiquidationLedger.Completion.GONE); // the desk completed it meanwhile
    unattended.started(started(8));

    time.advance(Duration.ofMinutes(5));
    long start = ManualTime.START.toEpochMilli();
    assertThat(asked).containsExactly(start + 12_000, start + 24_000, start + 36_000);
  }

  private static MarginEvent.LiquidationStarted started(long id) {
    return new MarginEvent.LiquidationStarted(
        A,
        1,
        id,
        List.of(new MarginEvent.Offer("ETH-PERP", BigInteger.ONE, BigInteger.TEN, BigInteger.TWO)),
        BigInteger.ONE,
        BigInteger.TWO,
        "test");
  }
}
