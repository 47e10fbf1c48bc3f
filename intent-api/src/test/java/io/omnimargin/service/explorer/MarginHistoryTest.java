package io.omnimargin.service.explorer;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.margin.engine.MarginEvent;
import io.omnimargin.margin.valuation.Health;
import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** The explorer's bounded memory of margin events. */
class MarginHistoryTest {
  private static final Address A = Address.parse("0x" + "11".repeat(20));
  private static final Address B = Address.parse("0x" + "22".repeat(20));
  private static final BigInteger WAD = BigInteger.TEN.pow(18);

  private static MarginEvent.Valued valued(Address owner, long at, Health health, String cause) {
    return new MarginEvent.Valued(owner, at, WAD, WAD, WAD, WAD, health, cause);
  }

  @Test
  void aHealthyAccountsOwnChangesAreItsHistoryAndTicksOnAnUnhealthyOneAreNot() {
    MarginHistory history = new MarginHistory(5, 3, 10);
    history.accept(valued(A, 1, Health.HEALTHY, "dev faucet"));
    history.accept(new MarginEvent.MarginCall(A, 2, WAD, WAD.multiply(BigInteger.TWO), "tick"));
    history.accept(valued(A, 2, Health.CALL, "tick"));
    assertThat(history.of(A))
        .extracting(MarginHistory.Entry::kind)
        .containsExactly("Margin call", "Value changed");
    assertThat(history.of(A).get(0).mmr()).isEqualTo("2");
    assertThat(history.latest())
        .extracting(MarginHistory.Entry::kind)
        .containsExactly("Margin call");
    assertThat(history.of(B)).isEmpty();
  }

  @Test
  void itKeepsOnlyTheLatestPerAccountAndForgetsTheLeastRecentAccount() {
    MarginHistory history = new MarginHistory(5, 3, 1);
    for (int i = 0; i < 5; i++) {
      history.accept(valued(A, i, Health.HEALTHY, "fill " + i));
    }
    assertThat(history.of(A))
        .extracting(MarginHistory.Entry::cause)
        .containsExactly("fill 4", "fill 3", "fill 2");
    history.accept(valued(B, 9, Health.HEALTHY, "credit"));
    assertThat(history.of(A)).isEmpty();
    assertThat(history.of(B)).hasSize(1);
  }
}
