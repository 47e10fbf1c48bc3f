package io.omnimargin.service.support;

import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.crypto.Signature;
import io.omnimargin.protocol.eip712.CancelOrder;
import io.omnimargin.protocol.eip712.CollateralWithdrawal;
import io.omnimargin.protocol.eip712.Eip712Domain;
import io.omnimargin.protocol.eip712.GaslessCrossChainOrder;
import io.omnimargin.protocol.eip712.MarginOrder;
import io.omnimargin.protocol.eip712.MarketSymbol;
import io.omnimargin.protocol.eip712.OrderData;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.protocol.types.OrderId;
import io.omnimargin.protocol.types.Uint256;
import java.math.BigInteger;

/** Builds and signs orders the way a wallet would, for tests. */
public final class TestOrders {
  public static final BigInteger WAD = BigInteger.TEN.pow(18);

  private final Eip712Domain domain;

  public TestOrders(Eip712Domain domain) {
    this.domain = domain;
  }

  public static PrivateKey key(int n) {
    return PrivateKey.of(BigInteger.valueOf(1_000_003L * n + 7));
  }

  public static MarginOrder buy(String market, long sizeWad, long limitPrice) {
    return new MarginOrder(
        new MarketSymbol(market),
        true,
        Uint256.of(BigInteger.valueOf(sizeWad).multiply(WAD)),
        Uint256.of(BigInteger.valueOf(limitPrice).multiply(WAD)),
        false,
        Uint256.of(1),
        Uint256.of(BigInteger.TEN.multiply(WAD)));
  }

  public static CollateralWithdrawal withdrawal(long amount) {
    return new CollateralWithdrawal(
        Uint256.of(1),
        Bytes32.leftPad(new byte[] {1, 2, 3}),
        Uint256.of(amount),
        Bytes32.leftPad(new byte[] {9}));
  }

  public GaslessCrossChainOrder order(
      PrivateKey user, long nonce, long openDeadline, OrderData data) {
    return new GaslessCrossChainOrder(
        domain.verifyingContract(),
        user.address(),
        Uint256.of(nonce),
        domain.chainId().toUint256(),
        openDeadline,
        openDeadline + 600,
        data.type().typeHash(),
        data.encode());
  }

  public Signature sign(PrivateKey key, GaslessCrossChainOrder order) {
    return key.sign(order.id(domain).value().toArray());
  }

  public Signature signCancel(PrivateKey key, OrderId id) {
    return key.sign(new CancelOrder(id).digest(domain));
  }

  public OrderId id(GaslessCrossChainOrder order) {
    return order.id(domain);
  }
}
