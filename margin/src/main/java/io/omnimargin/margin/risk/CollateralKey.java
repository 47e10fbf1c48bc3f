package io.omnimargin.margin.risk;

/** Where a collateral balance sits: an asset on a chain. */
public record CollateralKey(long chainId, String asset) {}
