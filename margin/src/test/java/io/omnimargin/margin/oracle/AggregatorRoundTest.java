package io.omnimargin.margin.oracle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.valuation.Price;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class AggregatorRoundTest {
  private static AggregatorRound round(long id, String answer, long updatedAt, long answeredIn) {
    return new AggregatorRound(
        BigInteger.valueOf(id),
        new BigInteger(answer),
        BigInteger.valueOf(updatedAt),
        BigInteger.valueOf(updatedAt),
        BigInteger.valueOf(answeredIn));
  }

  @Test
  void scalesEightDecimalAnswersToWad() {
    Price p = round(7, "300025000000", 1_800_000_000L, 7).toPrice(8);
    assertThat(p.usd()).isEqualTo(Wad.of("3000.25"));
    assertThat(p.publishTime()).isEqualTo(1_800_000_000L);
  }

  @Test
  void roundsFinerAnswersDown() {
    Price p = round(1, "1000000000000000000009", 1, 1).toPrice(21);
    assertThat(p.usd()).isEqualTo(Wad.of("1"));
  }

  @Test
  void refusesWhatChainlinkSaysToRefuse() {
    assertThatThrownBy(() -> round(3, "0", 10, 3).toPrice(8))
        .isInstanceOf(AggregatorRound.InvalidRoundException.class)
        .hasMessageContaining("answered 0");
    assertThatThrownBy(() -> round(3, "-5", 10, 3).toPrice(8))
        .isInstanceOf(AggregatorRound.InvalidRoundException.class);
    assertThatThrownBy(() -> round(3, "5", 0, 3).toPrice(8)).hasMessageContaining("never updated");
    assertThatThrownBy(() -> round(4, "5", 10, 3).toPrice(8))
        .hasMessageContaining("answer of round 3");
    assertThatThrownBy(() -> round(4, "5", 10, 4).toPrice(40)).hasMessageContaining("decimals");
  }
}
