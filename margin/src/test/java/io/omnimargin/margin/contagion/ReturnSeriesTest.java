package io.omnimargin.margin.contagion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.omnimargin.margin.fixed.Wad;
import org.junit.jupiter.api.Test;

class ReturnSeriesTest {
  private final ReturnSeries series = new ReturnSeries(60, 5);

  private void tick(String asset, String price, long minute) {
    series.record(asset, Wad.of(price), 1_800_000_000L + minute * 60);
  }

  @Test
  void assetsThatMoveTogetherCorrelateAndOppositesAnticorrelate() {
    String[] eth = {"3000", "3100", "2900", "3050", "2950"};
    String[] btc = {"60000", "62000", "58000", "61000", "59000"};
    String[] inv = {"100", "97", "103", "98", "102"};
    for (int m = 0; m < eth.length; m++) {
      tick("ETH", eth[m], m);
      tick("BTC", btc[m], m);
      tick("INV", inv[m], m);
    }
    assertThat(series.correlation("ETH", "BTC")).isCloseTo(1.0, within(0.01));
    assertThat(series.correlation("ETH", "INV")).isLessThan(-0.9);
    assertThat(series.correlation("ETH", "ETH")).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void theLastTickOfABucketCountsAndTheSeriesIsBounded() {
    tick("ETH", "3000", 0);
    tick("ETH", "9999", 1);
    tick("ETH", "3000", 1); // replaces 9,999 in the same bucket
    assertThat(series.returns("ETH")).isEqualTo(1);
    for (int m = 2; m < 20; m++) {
      tick("ETH", Integer.toString(3000 + m), m);
    }
    assertThat(series.returns("ETH")).isEqualTo(4); // 5 buckets kept
    tick("ETH", "1", 3); // an old bucket: ignored
    assertThat(series.returns("ETH")).isEqualTo(4);
  }

  @Test
  void tooFewCommonReturnsOrAFlatSeriesGiveNoCorrelation() {
    tick("ETH", "3000", 0);
    tick("ETH", "3100", 1);
    tick("USDC", "1", 0);
    tick("USDC", "1", 1);
    assertThat(series.correlation("ETH", "USDC")).isNull();
    for (int m = 2; m < 6; m++) {
      tick("ETH", Integer.toString(3000 + 10 * m * (m % 2 == 0 ? 1 : -1)), m);
      tick("USDC", "1", m);
    }
    assertThat(series.correlation("ETH", "USDC")).isNull(); // USDC never moves
    assertThat(series.matrix(java.util.List.of("USDC", "ETH"), java.util.List.of("ETH")).rows())
        .containsExactly("ETH", "USDC");
  }
}
