package io.omnimargin.margin.oracle;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * The composite index of one asset at a moment, and why: each source with its price and age and
 * whether it counts.
 *
 * @param index the median of the counting sources (wad USD), or the last index kept while stale;
 *     empty when the asset never had a price
 * @param publishTime the time the index is dated: the {@code quorum}-th newest publish time of the
 *     counting sources (the index stays fresh exactly as long as a quorum does)
 * @param fresh whether at least a quorum of fresh sources agree
 */
public record IndexReading(
    String asset,
    Optional<BigInteger> index,
    long publishTime,
    boolean fresh,
    int quorum,
    List<SourceQuote> sources) {

  /**
   * One source's last price.
   *
   * @param status {@code counts}, {@code stale} (older than the heartbeat) or {@code excluded}
   * @param reason why it does not count, e.g. "3.1% from the others' median 3000 (band 2%)"
   */
  public record SourceQuote(
      String source,
      BigInteger price,
      long publishTime,
      long ageSeconds,
      String status,
      String reason) {
    public boolean counts() {
      return "counts".equals(status);
    }
  }
}
