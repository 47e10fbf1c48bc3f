package io.omnimargin.service.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.eip712.GaslessCrossChainOrder;
import io.omnimargin.service.cluster.ClusterHttp.Answer;
import io.omnimargin.service.support.ServiceProcess;
import io.omnimargin.service.support.Wallet;
import io.omnimargin.testsupport.SignedOrders;
import java.math.BigDecimal;
import java.util.List;

/** What the cluster tests do to replicas as a wallet and an oracle would: prices, funds, orders. */
final class ClusterOrders {
  private ClusterOrders() {}

  /** Pushes ETH at 3000 and USDC at 1, published now. */
  static void pushPrice(ServiceProcess replica) throws Exception {
    pushPrice(replica, "3000");
  }

  /** Pushes ETH at {@code eth} USD and USDC at 1, published now. */
  static void pushPrice(ServiceProcess replica, String eth) throws Exception {
    long now = System.currentTimeMillis() / 1000;
    Answer pushed =
        ClusterHttp.post(
            replica.baseUri(),
            "/v1/oracle/prices",
            "{\"prices\":[{\"asset\":\"ETH\",\"price\":\""
                + eth
                + "\",\"publishTime\":"
                + now
                + "},{\"asset\":\"USDC\",\"price\":\"1\",\"publishTime\":"
                + now
                + "}]}");
    assertThat(pushed.status()).as(pushed.body().toString()).isEqualTo(200);
  }

  /** Credits {@code eth} ETH on chain 1 to the account through the dev faucet. */
  static void fund(ServiceProcess replica, PrivateKey account, String eth) throws Exception {
    Answer funded =
        ClusterHttp.post(replica.baseUri(), "/v1/dev/collateral", fundBody(account, eth));
    assertThat(funded.status()).as(funded.body().toString()).isEqualTo(200);
  }

  /** The dev faucet's request for {@code eth} ETH on chain 1. */
  static String fundBody(PrivateKey account, String eth) {
    return "{\"account\":\""
        + account.address().toChecksumHex()
        + "\",\"chainId\":\"1\",\"asset\":\"ETH\",\"amount\":\""
        + eth
        + "\"}";
  }

  /** A signed buy of 1 ETH-PERP at 3000, open for an hour. */
  static String order(PrivateKey trader, long nonce) {
    GaslessCrossChainOrder order =
        Wallet.ORDERS.order(
            trader,
            nonce,
            System.currentTimeMillis() / 1000 + 3600,
            SignedOrders.buy("ETH-PERP", 1, 3000));
    return Wallet.signed(trader, order);
  }

  /**
   * Sends sixteen orders of one account, funded with 1 ETH, to the replicas in turn, and checks
   * that exactly as many are accepted as the account carries, as one process would accept, and the
   * rest refused {@code insufficient-margin} with the figures of what is held plus the order.
   *
   * @return how many were accepted
   */
  static int raceForOneEth(List<ServiceProcess> replicas, PrivateKey trader) throws Exception {
    fund(replicas.get(1 % replicas.size()), trader, "1");
    int accepted = 0;
    Answer lastRefusal = null;
    for (int nonce = 1; nonce <= 16; nonce++) {
      ServiceProcess to = replicas.get(nonce % replicas.size());
      Answer answer = ClusterHttp.post(to.baseUri(), "/v1/intents", order(trader, nonce));
      if (answer.status() == 202) {
        accepted++;
      } else {
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(422);
        assertThat(answer.text("code")).isEqualTo("insufficient-margin");
        lastRefusal = answer;
      }
    }
    assertThat(lastRefusal).as("some of sixteen orders on 1 ETH are refused").isNotNull();
    // the refusal counts what is reserved already plus the order refused, each order alike
    BigDecimal avInitial = new BigDecimal(lastRefusal.text("avInitial"));
    BigDecimal imrAfter = new BigDecimal(lastRefusal.text("imrAfter"));
    BigDecimal perOrder = imrAfter.divide(BigDecimal.valueOf(accepted + 1L));
    assertThat(accepted).isPositive();
    assertThat(perOrder.multiply(BigDecimal.valueOf(accepted))).isLessThanOrEqualTo(avInitial);
    assertThat(accepted)
        .as("exactly as many as the account carries, as one process would accept")
        .isEqualTo(avInitial.divide(perOrder, 0, java.math.RoundingMode.FLOOR).intValueExact());
    return accepted;
  }

  /** The account's ETH-PERP position as its view writes it (0 without one). */
  static BigDecimal position(ServiceProcess replica, PrivateKey account) throws Exception {
    Answer view =
        ClusterHttp.get(replica.baseUri(), "/v1/accounts/" + account.address().toChecksumHex());
    BigDecimal size = BigDecimal.ZERO;
    for (var p : view.body().path("positions")) {
      if ("ETH-PERP".equals(p.path("market").asText())) {
        size = size.add(new BigDecimal(p.path("size").asText()));
      }
    }
    return size;
  }
}
