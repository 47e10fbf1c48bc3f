package io.omnimargin.cluster.partition;

import io.omnimargin.margin.clearing.TradeLeg;

/** A leg in a partition's outbox, to be applied on {@code partition}, the leg account's own. */
public record OutboundLeg(int partition, TradeLeg leg) {}
