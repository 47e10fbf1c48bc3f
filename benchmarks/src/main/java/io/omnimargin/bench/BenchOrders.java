package io.omnimargin.bench;

import io.omnimargin.protocol.eip712.MarginOrder;
import io.omnimargin.protocol.eip712.MarketSymbol;
import io.omnimargin.protocol.types.Uint256;
import java.math.BigInteger;

/** The order every intake benchmark signs: buy 1 ETH-PERP at 3,000 with a fee cap of 1. */
final class BenchOrders {
  private static final BigInteger WAD = BigInteger.TEN.pow(18);

  private BenchOrders() {}

  /**
   * A submission body {@code {"order", "signature"}} for {@link #buyOneEth} signed by {@code user}.
   */
  /** A submission body and the id of the order in it. */
  record Signed(String body, io.omnimargin.protocol.types.OrderId id) {}

  static String signedBody(
      io.omnimargin.protocol.eip712.Eip712Domain domain,
      io.omnimargin.protocol.crypto.PrivateKey user,
      long nonce,
      long openDeadline) {
    return signed(domain, user, nonce, openDeadline).body();
  }

  static Signed signed(
      io.omnimargin.protocol.eip712.Eip712Domain domain,
      io.omnimargin.protocol.crypto.PrivateKey user,
      long nonce,
      long openDeadline) {
    MarginOrder data = buyOneEth();
    io.omnimargin.protocol.eip712.GaslessCrossChainOrder order =
        new io.omnimargin.protocol.eip712.GaslessCrossChainOrder(
            domain.verifyingContract(),
            user.address(),
            Uint256.of(nonce),
            domain.chainId().toUint256(),
            openDeadline,
            openDeadline + 600,
            data.type().typeHash(),
            data.encode());
    io.omnimargin.protocol.types.OrderId id = order.id(domain);
    String signature = user.sign(id.value().toArray()).toHex();
    return new Signed(
        "{\"order\":"
            + io.omnimargin.protocol.json.OrderJson.write(order)
            + ",\"signature\":\""
            + signature
            + "\"}",
        id);
  }

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
