package io.omnimargin.testsupport;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.crypto.Signature;
import io.omnimargin.protocol.eip712.CancelOrder;
import io.omnimargin.protocol.eip712.CollateralWithdrawal;
import io.omnimargin.protocol.eip712.Eip712Domain;
import io.omnimargin.protocol.eip712.GaslessCrossChainOrder;
import io.omnimargin.protocol.eip712.MarginOrder;
import io.omnimargin.protocol.eip712.MarketSymbol;
import io.omnimargin.protocol.eip712.OrderData;
import io.omnimargin.protocol.json.OrderJson;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.protocol.types.OrderId;
import io.omnimargin.protocol.types.Uint256;
import java.math.BigInteger;

/**
 * Builds and signs orders the way a wallet would, under one EIP-712 domain: for tests and for the
 * benchmarks' load drivers. Orders fill by {@code openDeadline + 600}.
 */
public final class SignedOrders {
  public static final BigInteger WAD = BigInteger.TEN.pow(18);

  private final Eip712Domain domain;

  public SignedOrders(Eip712Domain domain) {
    this.domain = domain;
  }

  public Eip712Domain domain() {
    return domain;
  }

  /** The {@code n}-th test key: distinct per {@code n}, the same in every run. */
  public static PrivateKey key(int n) {
    return PrivateKey.of(BigInteger.valueOf(1_000_003L * n + 7));
  }

  /** Buy {@code sizeWad} whole units of {@code market} at {@code limitPrice} USD, fee cap 10. */
  public static MarginOrder buy(String market, long sizeWad, long limitPrice) {
    return buy(market, sizeWad, limitPrice, 10);
  }

  /** Buy {@code sizeWad} whole units of {@code market} at {@code limitPrice} USD, fee cap given. */
  public static MarginOrder buy(String market, long sizeWad, long limitPrice, long maxFee) {
    return new MarginOrder(
        new MarketSymbol(market),
        true,
        Uint256.of(BigInteger.valueOf(sizeWad).multiply(WAD)),
        Uint256.of(BigInteger.valueOf(limitPrice).multiply(WAD)),
        false,
        Uint256.of(1),
        Uint256.of(BigInteger.valueOf(maxFee).multiply(WAD)));
  }

  /** The order every intake benchmark signs: buy 1 ETH-PERP at 3,000 with a fee cap of 1. */
  public static MarginOrder buyOneEth() {
    return buy("ETH-PERP", 1, 3000, 1);
  }

  public static CollateralWithdrawal withdrawal(long amount) {
    return new CollateralWithdrawal(
        Uint256.of(1),
        Bytes32.leftPad(new byte[] {1, 2, 3}),
        Uint256.of(amount),
        Bytes32.leftPad(new byte[] {9}));
  }

  /** {@code user}'s order carrying {@code data}, on this domain's settler and chain. */
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
    return key.sign(id(order).value().toArray());
  }

  public Signature signCancel(PrivateKey key, OrderId id) {
    return key.sign(new CancelOrder(id).digest(domain));
  }

  public OrderId id(GaslessCrossChainOrder order) {
    return order.id(domain);
  }

  /** A submission as {@code POST /v1/intents} takes it: {@code {"order", "signature"}}. */
  public static String body(GaslessCrossChainOrder order, Signature signature) {
    return body(order, signature.toHex());
  }

  /** A submission with any signature text (a malformed one, for error tests). */
  public static String body(GaslessCrossChainOrder order, String signatureHex) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.set("order", OrderJson.write(order));
    body.put("signature", signatureHex);
    return body.toString();
  }

  /** {@code user}'s order for {@code data}, signed: its id and its submission body. */
  public Signed signed(PrivateKey user, long nonce, long openDeadline, OrderData data) {
    GaslessCrossChainOrder order = order(user, nonce, openDeadline, data);
    OrderId id = id(order);
    return new Signed(id, body(order, user.sign(id.value().toArray())));
  }

  /** A submission body and the id of the order in it. */
  public record Signed(OrderId id, String body) {}
}
