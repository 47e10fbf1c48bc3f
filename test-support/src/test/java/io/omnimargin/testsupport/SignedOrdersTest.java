package io.omnimargin.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.crypto.Secp256k1Provider;
import io.omnimargin.protocol.crypto.Signature;
import io.omnimargin.protocol.eip712.CancelOrder;
import io.omnimargin.protocol.eip712.Eip712Domain;
import io.omnimargin.protocol.eip712.GaslessCrossChainOrder;
import io.omnimargin.protocol.eip712.MarginOrder;
import io.omnimargin.protocol.json.OrderJson;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.ChainId;
import io.omnimargin.protocol.types.Uint256;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class SignedOrdersTest {
  static final Eip712Domain DOMAIN =
      Eip712Domain.omnimargin(
          ChainId.of(42161), Address.parse("0x3c4D141609BA0d386068E9dC6bCadfceF21aa741"));
  static final SignedOrders ORDERS = new SignedOrders(DOMAIN);

  @Test
  void anOrderIsSignedByItsUserOnTheDomain() {
    PrivateKey user = SignedOrders.key(1);
    GaslessCrossChainOrder order =
        ORDERS.order(user, 7, 1_800_000_000L, SignedOrders.buy("ETH-PERP", 2, 3000));

    assertThat(order.user()).isEqualTo(user.address());
    assertThat(order.originSettler()).isEqualTo(DOMAIN.verifyingContract());
    assertThat(order.originChainId()).isEqualTo(DOMAIN.chainId().toUint256());
    assertThat(order.nonce()).isEqualTo(Uint256.of(7));
    assertThat(order.fillDeadline()).isEqualTo(1_800_000_600L);
    Signature signature = ORDERS.sign(user, order);
    assertThat(
            Secp256k1Provider.javaRecovery().recover(ORDERS.id(order).value().toArray(), signature))
        .isEqualTo(user.address());
    assertThat(
            Secp256k1Provider.javaRecovery()
                .recover(
                    new CancelOrder(ORDERS.id(order)).digest(DOMAIN),
                    ORDERS.signCancel(user, ORDERS.id(order))))
        .isEqualTo(user.address());
  }

  @Test
  void keysAreDistinctAndStable() {
    assertThat(SignedOrders.key(1).address()).isNotEqualTo(SignedOrders.key(2).address());
    assertThat(SignedOrders.key(1).address()).isEqualTo(SignedOrders.key(1).address());
  }

  @Test
  void buysAreInWholeUnitsWithTheirFeeCap() {
    BigInteger wad = SignedOrders.WAD;
    MarginOrder buy = SignedOrders.buy("BTC-PERP", 3, 90000);
    assertThat(buy.isBuy()).isTrue();
    assertThat(buy.reduceOnly()).isFalse();
    assertThat(buy.size()).isEqualTo(Uint256.of(wad.multiply(BigInteger.valueOf(3))));
    assertThat(buy.limitPrice()).isEqualTo(Uint256.of(wad.multiply(BigInteger.valueOf(90000))));
    assertThat(buy.maxFee()).isEqualTo(Uint256.of(wad.multiply(BigInteger.TEN)));

    MarginOrder bench = SignedOrders.buyOneEth();
    assertThat(bench.market().symbol()).isEqualTo("ETH-PERP");
    assertThat(bench.size()).isEqualTo(Uint256.of(wad));
    assertThat(bench.limitPrice()).isEqualTo(Uint256.of(wad.multiply(BigInteger.valueOf(3000))));
    assertThat(bench.maxFee()).isEqualTo(Uint256.of(wad));
  }

  @Test
  void theSubmissionBodyCarriesTheOrderAndItsSignature() throws Exception {
    PrivateKey user = SignedOrders.key(3);
    SignedOrders.Signed signed = ORDERS.signed(user, 9, 1_800_000_000L, SignedOrders.buyOneEth());

    JsonNode body = new ObjectMapper().readTree(signed.body());
    GaslessCrossChainOrder order = OrderJson.parse(body.get("order"));
    assertThat(ORDERS.id(order)).isEqualTo(signed.id());
    assertThat(order).isEqualTo(ORDERS.order(user, 9, 1_800_000_000L, SignedOrders.buyOneEth()));
    assertThat(body.get("signature").asText()).isEqualTo(ORDERS.sign(user, order).toHex());
    assertThat(signed.body()).isEqualTo(SignedOrders.body(order, ORDERS.sign(user, order)));
  }
}
