package io.omnimargin.margin.engine;

import io.omnimargin.margin.clearing.Trade;
import io.omnimargin.margin.risk.CollateralKey;
import io.omnimargin.margin.valuation.Price;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.OrderId;
import java.math.BigInteger;

/**
 * What moves the engine, as messages: the adapters turn oracle reads, settlement proofs, solver
 * fills and adapter health into these and deliver them in order per source; {@link
 * MarginEngine#apply} applies one.
 */
public sealed interface EngineInput {

  /**
   * An oracle price (wad USD) with its publish time from one source of the asset's composite index
   * ({@code push}, {@code chainlink}, …); the engine holds the index, not the tick.
   */
  record PriceTick(String asset, Price price, String source) implements EngineInput {}

  /** Collateral credited (positive) or debited (negative), in the asset's smallest unit. */
  record CollateralChange(Address owner, CollateralKey key, BigInteger delta, String cause)
      implements EngineInput {}

  /**
   * A collateral balance proven on its home chain (settlement): the line's new value, not a delta,
   * so that the same proof applied twice changes nothing.
   */
  record CollateralBalance(Address owner, CollateralKey key, BigInteger balance, String cause)
      implements EngineInput {}

  /**
   * Cash moved between two accounts, wad USD ({@code usd} > 0): value changes hands, never appears
   * or vanishes (a proven seizure: the insurance fund pays the account for the collateral it got).
   */
  record Transfer(Address from, Address to, BigInteger usd, String cause) implements EngineInput {}

  /**
   * A withdrawal paid from positive cash ({@code usd} > 0 wad) is being released from the
   * settlement pool's vault balance: the account's cash moves to the pool, which hands over the
   * tokens, and the reservation held for {@code intentId} goes (the cash it reserved has moved). A
   * release the vault refuses is undone with a {@link Transfer} back.
   */
  record Payout(Address owner, OrderId intentId, BigInteger usd, String cause)
      implements EngineInput {}

  /**
   * A fill: the awarded trade between the trader (the taker) and the solver (the maker), booked on
   * both accounts with its fees; it releases both reservations held for {@code intentId}.
   */
  record Fill(Trade trade, OrderId intentId) implements EngineInput {}

  /** A route's liveness as settlement's adapters see it; down means {@code m = 0} at once. */
  record RouteHealth(long chainId, boolean live, String reason) implements EngineInput {}

  /**
   * A live route's scored discount and measured latency (from bridge health): {@code discount} is
   * {@code m} for {@code AV_i} at once, {@code maintenanceDiscount} the phased-in {@code m} of
   * {@code AV_m}; {@code explanation} says why, for the account view.
   */
  record RouteRisk(
      long chainId,
      BigInteger discount,
      BigInteger maintenanceDiscount,
      long latencySeconds,
      String explanation)
      implements EngineInput {}
}
