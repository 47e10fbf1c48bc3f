package io.omnimargin.settlement.attest;

import java.math.BigInteger;

/**
 * What settlement observes of a route's health while it works, for the margin engine's adaptive
 * route discount and latency. Every method is a notification; the default ignores it.
 */
public interface RouteObserver {
  RouteObserver NONE = new RouteObserver() {};

  /** A block became attested final: its header's timestamp and base fee (0 when it has none). */
  default void finalBlock(long chainId, long number, long timestamp, BigInteger baseFeeWei) {}

  /** Adapters gave different hashes for one block. */
  default void disagreement(long chainId, long number) {}

  /** An event's block is no longer canonical. */
  default void reorg(long chainId, long number) {}

  /** A deposit made in a block with this timestamp was just credited from its proof. */
  default void credited(long chainId, long depositBlockTime) {}
}
