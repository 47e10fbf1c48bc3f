package io.omnimargin.hub.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.margin.clearing.FundingSettlement;
import io.omnimargin.margin.engine.MarginEvent;
import io.omnimargin.margin.valuation.Health;
import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Accounts' histories: their own changes, funding payments, calls and liquidations. */
class AccountHistoryTest {
  private static final Address A = Address.parse("0x" + "11".repeat(20));
  private static final Address B = Address.parse("0x" + "22".repeat(20));
  private static final BigInteger WAD = BigInteger.TEN.pow(18);

  private static MarginEvent.Valued valued(Address owner, long at, Health health, String cause) {
    return new MarginEvent.Valued(owner, at, WAD, WAD, WAD, WAD, health, cause);
  }

  @Test
  void aHealthyAccountsOwnChangesAreItsHistoryAndTicksOnAnUnhealthyOneAreNot() {
    AccountHistory history = new AccountHistory(new InMemoryAccountHistoryStore(10), 5);
    history.accept(valued(A, 1, Health.HEALTHY, "dev faucet"));
    history.accept(new MarginEvent.MarginCall(A, 2, WAD, WAD.multiply(BigInteger.TWO), "tick"));
    history.accept(valued(A, 2, Health.CALL, "tick"));
    assertThat(history.of(A, 20))
        .extracting(HistoryEntry::kind)
        .containsExactly("Margin call", "Value changed");
    assertThat(history.of(A, 20).get(0).mmr()).isEqualTo("2");
    assertThat(history.latest()).extracting(HistoryEntry::kind).containsExactly("Margin call");
    assertThat(history.of(B, 20)).isEmpty();
  }

  @Test
  void everyFundingPaymentIsInItsAccountsHistoryWithTheAmountPaidOrReceived() {
    AccountHistory history = new AccountHistory(new InMemoryAccountHistoryStore(10), 5);
    history.funded(
        new FundingSettlement(
            "ETH-PERP",
            3_600,
            WAD.divide(BigInteger.valueOf(1_000)),
            WAD.multiply(BigInteger.valueOf(3_000)),
            2,
            WAD.multiply(BigInteger.valueOf(6)),
            WAD.multiply(BigInteger.valueOf(6)),
            BigInteger.ZERO,
            List.of(
                new FundingSettlement.Payment(A, WAD.multiply(BigInteger.valueOf(6)).negate()),
                new FundingSettlement.Payment(B, WAD.multiply(BigInteger.valueOf(6))))));
    assertThat(history.of(A, 20))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.kind()).isEqualTo("Funding ETH-PERP");
              assertThat(e.amount()).isEqualTo("-6");
              assertThat(e.at()).isEqualTo(3_600);
              assertThat(e.cause()).isEqualTo("funding ETH-PERP at rate 0.001");
            });
    assertThat(history.of(B, 20)).extracting(HistoryEntry::amount).containsExactly("6");
    assertThat(history.latest()).as("funding is not a call or a liquidation").isEmpty();
  }

  @Test
  void theOverviewKeepsOnlyTheLatestCallsAndLiquidations() {
    AccountHistory history = new AccountHistory(new InMemoryAccountHistoryStore(10), 2);
    for (int i = 0; i < 4; i++) {
      history.accept(new MarginEvent.MarginCall(A, i, WAD, WAD, "call " + i));
    }
    assertThat(history.latest())
        .extracting(HistoryEntry::cause)
        .containsExactly("call 3", "call 2");
  }
}
