package io.omnimargin.cluster.partition;

import io.omnimargin.margin.clearing.TradeLeg;

/**
 * A leg in a partition's outbox, to be applied on {@code partition}, the leg account's own.
 *
 * @param stamp the end of the last funding interval of the leg's market its source partition had
 *     closed when it booked the trade (0 before any): the trade counts in every interval ending
 *     after it, whenever the leg reaches its partition; {@link #NO_STAMP} when not known, and then
 *     no funding correction is made for the leg
 */
public record OutboundLeg(int partition, TradeLeg leg, long stamp) {
  public static final long NO_STAMP = -1;

  /** A leg whose funding stamp is not known. */
  public OutboundLeg(int partition, TradeLeg leg) {
    this(partition, leg, NO_STAMP);
  }
}
