package io.omnimargin.cluster.partition;

import java.math.BigInteger;

/**
 * A partition's fills of one market over a funding interval, as the funding meter sums them: {@code
 * size} = Σ |size| (wad base units), {@code value} = Σ |size| · price (wad²). The sums of all
 * partitions give the ledger's volume-weighted fill price, whatever partition each trade was booked
 * on.
 */
public record FillSums(BigInteger size, BigInteger value) {
  public static final FillSums ZERO = new FillSums(BigInteger.ZERO, BigInteger.ZERO);

  public FillSums {
    if (size.signum() < 0 || value.signum() < 0) {
      throw new IllegalArgumentException("fill sums are never negative");
    }
  }

  public FillSums plus(FillSums other) {
    return new FillSums(size.add(other.size), value.add(other.value));
  }

  /** A fill of {@code delta} (either sign) at {@code price}. */
  public FillSums plusFill(BigInteger delta, BigInteger price) {
    return new FillSums(size.add(delta.abs()), value.add(delta.abs().multiply(price)));
  }

  /** Stored form: {@code size:value}, exact decimal integers. */
  public String write() {
    return size + ":" + value;
  }

  public static FillSums read(String stored) {
    int colon = stored.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("not fill sums: " + stored);
    }
    return new FillSums(
        new BigInteger(stored.substring(0, colon)), new BigInteger(stored.substring(colon + 1)));
  }
}
