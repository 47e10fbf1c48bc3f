package io.omnimargin.service.web;

import static io.omnimargin.service.support.Api.submit;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.eip712.GaslessCrossChainOrder;
import io.omnimargin.service.support.Wallet;
import io.omnimargin.testsupport.SignedOrders;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Submission through the real HTTP stack: acceptance, idempotency and nonce reuse. */
@QuarkusTest
class IntakeApiTest {

  @Test
  void aSignedOrderIsAcceptedUnderItsEip712Digest() {
    PrivateKey key = SignedOrders.key(101);
    GaslessCrossChainOrder order = Wallet.order(key, 1, SignedOrders.buy("ETH-PERP", 2, 3000));
    String id = Wallet.ORDERS.id(order).toHex();

    submit(Wallet.signed(key, order))
        .statusCode(202)
        .header("Location", endsWith("/v1/intents/" + id))
        .body("orderId", equalTo(id))
        .body("status", equalTo("OPEN"))
        .body("user", equalTo(key.address().toChecksumHex()))
        .body("duplicate", equalTo(false))
        .body("events", equalTo("/v1/intents/" + id + "/events"));

    given()
        .get("/v1/intents/" + id)
        .then()
        .statusCode(200)
        .body("orderType", equalTo("MarginOrder"))
        .body("decoded.market", equalTo("ETH-PERP"))
        .body("decoded.side", equalTo("buy"))
        .body("decoded.size", equalTo("2"))
        .body("decoded.limitPrice", equalTo("3000"))
        .body("order.nonce", equalTo("1"))
        .body("history", hasSize(1))
        .body("history[0].status", equalTo("OPEN"))
        .body("history[0].at", notNullValue());
  }

  @Test
  void resubmittingTheSameOrderIsIdempotent() {
    PrivateKey key = SignedOrders.key(102);
    GaslessCrossChainOrder order = Wallet.order(key, 1, SignedOrders.withdrawal(5));
    String body = Wallet.signed(key, order);
    String id = submit(body).statusCode(202).extract().path("orderId");

    submit(body).statusCode(202).body("orderId", equalTo(id)).body("duplicate", equalTo(true));

    given()
        .queryParam("user", key.address().toLowerHex())
        .get("/v1/intents")
        .then()
        .statusCode(200)
        .body("items", hasSize(1))
        .body("items[0].orderType", equalTo("CollateralWithdrawal"));
  }

  @Test
  void anotherOrderOnAUsedNonceIsRefused() {
    PrivateKey key = SignedOrders.key(103);
    GaslessCrossChainOrder first = Wallet.order(key, 9, SignedOrders.buy("BTC-PERP", 1, 90000));
    GaslessCrossChainOrder second = Wallet.order(key, 9, SignedOrders.buy("BTC-PERP", 2, 90000));
    String firstId = submit(Wallet.signed(key, first)).statusCode(202).extract().path("orderId");

    submit(Wallet.signed(key, second))
        .statusCode(409)
        .contentType("application/problem+json")
        .body("code", equalTo("nonce-reused"))
        .body("field", equalTo("order.nonce"))
        .body("conflictingOrderId", equalTo(firstId))
        .body("traceId", matchesPattern("[0-9a-f]{32}"));
  }

  @Test
  void listingPaginatesAndFiltersByStatus() {
    PrivateKey key = SignedOrders.key(104);
    for (int nonce = 1; nonce <= 3; nonce++) {
      submit(Wallet.signed(key, Wallet.order(key, nonce, SignedOrders.buy("SOL-PERP", nonce, 150))))
          .statusCode(202);
    }
    String user = key.address().toChecksumHex();
    String cursor =
        given()
            .queryParam("user", user)
            .queryParam("limit", 2)
            .get("/v1/intents")
            .then()
            .statusCode(200)
            .body("items", hasSize(2))
            .body("items[0].nonce", equalTo("3"))
            .extract()
            .path("nextCursor");
    assertThat(cursor).isNotBlank();
    given()
        .queryParam("user", user)
        .queryParam("limit", 2)
        .queryParam("cursor", cursor)
        .get("/v1/intents")
        .then()
        .statusCode(200)
        .body("items", hasSize(1))
        .body("items[0].nonce", equalTo("1"))
        .body("nextCursor", equalTo(null));
    given()
        .queryParam("user", user)
        .queryParam("status", "cancelled")
        .get("/v1/intents")
        .then()
        .statusCode(200)
        .body("items", hasSize(0));
  }
}
