package io.omnimargin.service.margin.stream;

/**
 * The margin engine's channels (SmallRye Reactive Messaging). In one process they are in-memory;
 * each is a named stream so that a broker connector can be attached by configuration.
 */
public final class Channels {
  /** Oracle prices: the push feed and the Chainlink reader. */
  public static final String PRICE_TICKS = "price-ticks";

  /** Collateral credits and debits: settlement proofs, the dev faucet. */
  public static final String COLLATERAL = "collateral";

  /** Fills reported by solvers or settlement. */
  public static final String FILLS = "fills";

  /** Route liveness from settlement's messaging adapters. */
  public static final String ROUTE_HEALTH = "route-health";

  /** Out: margin calls, deleverage steps, liquidations, recoveries and account-value updates. */
  public static final String MARGIN_EVENTS = "margin-events";

  private Channels() {}
}
