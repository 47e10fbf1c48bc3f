package io.omnimargin.cluster.partition;

import io.omnimargin.margin.clearing.TradeLeg;

/**
 * A leg in a partition's outbox, to be applied on {@code partition}, the leg account's own.
 *
 * @param stamp the end of the last funding interval of the leg's market its source partition had
 *     closed when it booked the trade (0 before any): the trade counts in every interval ending
 *     after it, whenever the leg reaches its partition; {@link #NO_STAMP} when not known, and then
 *     no funding correction is made for the leg
 * @param capped an auto-deleverage leg: it closes the account's opposite position only as far as
 *     the account still holds it where it lands, and the insurance fund's shard there takes the
 *     rest at the same price
 */
public record OutboundLeg(int partition, TradeLeg leg, long stamp, boolean capped) {
  public static final long NO_STAMP = -1;

  /** A trade's leg, booked whole where it lands. */
  public OutboundLeg(int partition, TradeLeg leg, long stamp) {
    this(partition, leg, stamp, false);
  }

  /** A leg whose funding stamp is not known. */
  public OutboundLeg(int partition, TradeLeg leg) {
    this(partition, leg, NO_STAMP);
  }
}
