package io.omnimargin.margin.fixed;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The long fast path of Wad's products and divisions gives the BigInteger answer, always. */
class WadLongTest {
  private static final BigInteger ONE = Wad.ONE;

  private static BigInteger floor(BigInteger a, BigInteger b) {
    BigInteger[] qr = a.divideAndRemainder(b);
    return qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
  }

  private static BigInteger ceil(BigInteger a, BigInteger b) {
    BigInteger[] qr = a.divideAndRemainder(b);
    return qr[1].signum() > 0 ? qr[0].add(BigInteger.ONE) : qr[0];
  }

  @Provide
  Arbitrary<Long> factors() {
    // wad-sized prices and amounts, small numbers, and the edges of a long
    return Arbitraries.oneOf(
        Arbitraries.longs(),
        Arbitraries.longs().between(-1_000_000_000_000_000_000L, 1_000_000_000_000_000_000L),
        Arbitraries.longs().between(-2_000_000L, 2_000_000L),
        Arbitraries.of(
            0L,
            1L,
            -1L,
            999_999_999L,
            1_000_000_000L,
            1_000_000_000_000_000_000L,
            -1_000_000_000_000_000_000L,
            Long.MAX_VALUE,
            Long.MIN_VALUE,
            Long.MIN_VALUE + 1,
            Long.MAX_VALUE - 1,
            3_037_000_499L,
            (1L << 62) + 12345));
  }

  @Property(tries = 20_000)
  void productsMatchBigInteger(@ForAll("factors") long x, @ForAll("factors") long y) {
    BigInteger a = BigInteger.valueOf(x);
    BigInteger b = BigInteger.valueOf(y);
    BigInteger product = a.multiply(b);
    assertThat(Wad.mulDown(a, b)).isEqualTo(floor(product, ONE));
    assertThat(Wad.mulUp(a, b)).isEqualTo(ceil(product, ONE));
    long down = WadLong.mul(x, y, false);
    if (down != WadLong.NONE) {
      assertThat(BigInteger.valueOf(down)).isEqualTo(floor(product, ONE));
    } else {
      // NONE only when the answer does not fit in a long (or is exactly Long.MIN_VALUE)
      assertThat(
              floor(product, ONE).bitLength() >= 63 || x == Long.MIN_VALUE || y == Long.MIN_VALUE)
          .isTrue();
    }
  }

  @Property(tries = 20_000)
  void divisionsMatchBigInteger(@ForAll("factors") long x, @ForAll("factors") long y) {
    if (y <= 0) {
      return; // a positive divisor is the contract
    }
    BigInteger a = BigInteger.valueOf(x);
    BigInteger b = BigInteger.valueOf(y);
    assertThat(Wad.floorDiv(a, b)).isEqualTo(floor(a, b));
    assertThat(Wad.ceilDiv(a, b)).isEqualTo(ceil(a, b));
  }

  @Test
  void largeOperandsStillTakeTheBigIntegerPath() {
    BigInteger big = BigInteger.TWO.pow(100).add(BigInteger.valueOf(7));
    BigInteger price = Wad.of("3000.123456789012345678");
    assertThat(Wad.mulDown(big, price)).isEqualTo(floor(big.multiply(price), ONE));
    assertThat(Wad.mulUp(big.negate(), price)).isEqualTo(ceil(big.negate().multiply(price), ONE));
    assertThat(Wad.floorDiv(big.negate(), price)).isEqualTo(floor(big.negate(), price));
  }

  @Test
  void exactAndInexactRounding() {
    BigInteger half = Wad.of("0.5");
    assertThat(Wad.mulDown(BigInteger.valueOf(3), half)).isEqualTo(BigInteger.ONE); // 1.5 wei
    assertThat(Wad.mulUp(BigInteger.valueOf(3), half)).isEqualTo(BigInteger.TWO);
    assertThat(Wad.mulDown(BigInteger.valueOf(-3), half)).isEqualTo(BigInteger.valueOf(-2));
    assertThat(Wad.mulUp(BigInteger.valueOf(-3), half)).isEqualTo(BigInteger.valueOf(-1));
    assertThat(Wad.mulUp(Wad.of("2"), Wad.of("3"))).isEqualTo(Wad.of("6"));
  }
}
