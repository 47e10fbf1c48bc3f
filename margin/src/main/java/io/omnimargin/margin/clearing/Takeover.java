package io.omnimargin.margin.clearing;

import io.omnimargin.protocol.crypto.Keccak;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.OrderId;
import java.math.BigInteger;
import java.util.Map;

/**
 * A solver's bid in a liquidation auction: it takes over every offered position at its price per
 * market (wad USD). Valid only if no price is worse for the system than that position's bankruptcy
 * price.
 */
public record Takeover(Address taker, Map<String, BigInteger> prices) {
  public Takeover {
    prices = Map.copyOf(prices);
  }

  /**
   * The id the taker's margin for one market of liquidation {@code liquidation} is held under, and
   * the id of the trade that takes that position over: on a partitioned ledger, the taker's leg of
   * it then consumes that hold on the taker's own partition, as a fill consumes an intent's.
   */
  public static OrderId hold(long liquidation, String market) {
    return OrderId.of(Keccak.hash("omnimargin liquidation " + liquidation + " " + market));
  }
}
