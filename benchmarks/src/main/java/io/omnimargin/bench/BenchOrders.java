package io.omnimargin.bench;

import io.omnimargin.protocol.eip712.MarginOrder;
import io.omnimargin.protocol.eip712.MarketSymbol;
import io.omnimargin.protocol.types.Uint256;
import java.math.BigInteger;

/** The order every intake benchmark signs: buy 1 ETH-PERP at 3,000 with a fee cap of 1. */
final class BenchOrders {
  private static final BigInteger WAD = BigInteger.TEN.pow(18);

  private BenchOrders() {}

  static MarginOrder buyOneEth() {
    return new MarginOrder(
        new MarketSymbol("ETH-PERP"),
        true,
        Uint256.of(WAD),
        Uint256.of(BigInteger.valueOf(3000).multiply(WAD)),
        false,
        Uint256.of(1),
        Uint256.of(WAD));
  }
}
