package io.omnimargin.service.support;

import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.crypto.Signature;
import io.omnimargin.protocol.eip712.Eip712Domain;
import io.omnimargin.protocol.eip712.GaslessCrossChainOrder;
import io.omnimargin.protocol.eip712.OrderData;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.ChainId;
import io.omnimargin.protocol.types.OrderId;
import io.omnimargin.testsupport.SignedOrders;

/** What a wallet sends to the API, for HTTP tests: signed request bodies. */
public final class Wallet {
  /** The service's domain under the default configuration. */
  public static final Eip712Domain DOMAIN =
      Eip712Domain.omnimargin(
          ChainId.of(42161), Address.parse("0x3c4D141609BA0d386068E9dC6bCadfceF21aa741"));

  public static final SignedOrders ORDERS = new SignedOrders(DOMAIN);

  private Wallet() {}

  public static long deadline() {
    return MutableClock.START.getEpochSecond() + 3600;
  }

  public static GaslessCrossChainOrder order(PrivateKey key, long nonce, OrderData data) {
    return ORDERS.order(key, nonce, deadline(), data);
  }

  public static String body(GaslessCrossChainOrder order, Signature signature) {
    return SignedOrders.body(order, signature);
  }

  public static String body(GaslessCrossChainOrder order, String signatureHex) {
    return SignedOrders.body(order, signatureHex);
  }

  public static String signed(PrivateKey key, GaslessCrossChainOrder order) {
    return body(order, ORDERS.sign(key, order));
  }

  public static String cancelBody(PrivateKey key, OrderId id) {
    return "{\"signature\":\"" + ORDERS.signCancel(key, id).toHex() + "\"}";
  }
}
