package io.omnimargin.margin.oracle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omnimargin.margin.fixed.Wad;
import io.omnimargin.margin.valuation.Price;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The composite index: median of fresh agreeing sources, outliers flagged, quorum or stale. */
class CompositeIndexTest {
  static final long NOW = 1_800_000_000L;
  static final long HEARTBEAT = 3600;

  static CompositeIndex index(int quorum) {
    return new CompositeIndex(
        new IndexParameters("push", quorum, Wad.of("0.02"), 16), asset -> HEARTBEAT);
  }

  static Price price(String usd, long time) {
    return new Price(Wad.of(usd), time);
  }

  @Test
  void oneSourceIsTheIndexAsBefore() {
    CompositeIndex index = index(1);
    IndexReading r = index.update("ETH", "push", price("3000", NOW - 5), NOW).orElseThrow();
    assertThat(r.fresh()).isTrue();
    assertThat(r.index()).contains(Wad.of("3000"));
    assertThat(r.publishTime()).isEqualTo(NOW - 5);
    // an older tick of the same source changes nothing
    assertThat(index.update("ETH", "push", price("2000", NOW - 9), NOW)).isEmpty();
  }

  @Test
  void anOutlierIsExcludedAndFlaggedAndTheMedianOfTheRestIsTheIndex() {
    CompositeIndex index = index(2);
    index.update("ETH", "chainlink", price("3000", NOW - 10), NOW);
    index.update("ETH", "pyth", price("3010", NOW - 2), NOW);
    IndexReading r = index.update("ETH", "push", price("3300", NOW), NOW).orElseThrow();
    assertThat(r.index()).contains(Wad.of("3005")); // median of 3,000 and 3,010
    assertThat(r.fresh()).isTrue();
    assertThat(r.publishTime()).isEqualTo(NOW - 10); // the 2nd newest counting source's time
    IndexReading.SourceQuote push =
        r.sources().stream().filter(s -> s.source().equals("push")).findFirst().orElseThrow();
    assertThat(push.status()).isEqualTo("excluded");
    assertThat(push.reason()).isEqualTo("9.63% from the others' median 3010 (band 2%)");
  }

  @Test
  void fewerThanAQuorumOfFreshSourcesMakesTheIndexStaleKeepingItsLastValue() {
    CompositeIndex index = index(2);
    index.update("ETH", "chainlink", price("3000", NOW - 100), NOW);
    IndexReading both = index.update("ETH", "pyth", price("3001", NOW), NOW).orElseThrow();
    assertThat(both.fresh()).isTrue();
    IndexReading later = index.reading("ETH", NOW + HEARTBEAT - 50); // chainlink is now stale
    assertThat(later.fresh()).isFalse();
    assertThat(later.index()).contains(Wad.of("3000.5"));
    assertThat(NOW + HEARTBEAT - 50 - later.publishTime()).isGreaterThan(HEARTBEAT);
  }

  @Test
  void twoSourcesThatDisagreeAreBothExcluded() {
    CompositeIndex index = index(1);
    index.update("ETH", "a", price("3000", NOW), NOW);
    IndexReading r = index.update("ETH", "b", price("3500", NOW), NOW).orElseThrow();
    assertThat(r.fresh()).isFalse();
    assertThat(r.sources()).allSatisfy(s -> assertThat(s.status()).isEqualTo("excluded"));
  }

  @Test
  void anAssetHasAtMostMaxSources() {
    CompositeIndex index =
        new CompositeIndex(new IndexParameters("push", 1, Wad.of("0.02"), 2), a -> HEARTBEAT);
    index.update("ETH", "a", price("3000", NOW), NOW);
    index.update("ETH", "b", price("3000", NOW), NOW);
    assertThatThrownBy(() -> index.update("ETH", "c", price("3000", NOW), NOW))
        .isInstanceOf(CompositeIndex.TooManySourcesException.class);
  }

  /**
   * Honest sources within ±0.5% of a true price and fewer liars than honest sources, each more than
   * 10% off: every liar is excluded, every honest source counts, and the index lies within the
   * honest prices.
   */
  @Property(tries = 300)
  void outliersNeverMoveTheIndex(
      @ForAll @Size(min = 3, max = 7) List<@IntRange(min = -50, max = 50) Integer> honestBp,
      @ForAll @Size(max = 2) List<@IntRange(min = 1000, max = 9000) Integer> liarBp,
      @ForAll boolean liarsHigh) {
    CompositeIndex index = index(1);
    BigInteger truth = Wad.of("3000");
    List<BigInteger> honest = new ArrayList<>();
    IndexReading r = null;
    for (int i = 0; i < honestBp.size(); i++) {
      BigInteger p = scaled(truth, honestBp.get(i));
      honest.add(p);
      r = index.update("ETH", "honest" + i, new Price(p, NOW), NOW).orElseThrow();
    }
    for (int i = 0; i < liarBp.size(); i++) {
      BigInteger p = scaled(truth, liarsHigh ? liarBp.get(i) : -liarBp.get(i));
      r = index.update("ETH", "liar" + i, new Price(p, NOW), NOW).orElseThrow();
    }
    assertThat(r.fresh()).isTrue();
    assertThat(r.sources())
        .allSatisfy(
            s -> assertThat(s.counts()).as(s.source()).isEqualTo(s.source().startsWith("honest")));
    BigInteger value = r.index().orElseThrow();
    assertThat(value)
        .isBetween(
            honest.stream().min(BigInteger::compareTo).orElseThrow(),
            honest.stream().max(BigInteger::compareTo).orElseThrow());
  }

  private static BigInteger scaled(BigInteger p, int bp) {
    return p.multiply(BigInteger.valueOf(10_000L + bp)).divide(BigInteger.valueOf(10_000));
  }
}
