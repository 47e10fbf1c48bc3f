package io.omnimargin.service.web;

import static io.omnimargin.service.support.Api.submit;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.types.OrderId;
import io.omnimargin.service.support.Wallet;
import io.omnimargin.testsupport.SignedOrders;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The documented batch of 128 cancels fits the batch endpoint's body limit, while a single endpoint
 * keeps the 16 KiB limit.
 */
@QuarkusTest
class BatchCancelLimitTest {

  /** 128 open intents: 26 users with up to 5 each (the test profile's cap). */
  private static List<String[]> intents() {
    List<String[]> intents = new ArrayList<>();
    for (int user = 0; intents.size() < 128; user++) {
      PrivateKey key = SignedOrders.key(1500 + user);
      for (int nonce = 1; nonce <= 5 && intents.size() < 128; nonce++) {
        String id =
            submit(
                    Wallet.signed(
                        key, Wallet.order(key, nonce, SignedOrders.buy("ETH-PERP", 1, 3000))))
                .statusCode(202)
                .extract()
                .path("orderId");
        intents.add(new String[] {id, Wallet.ORDERS.signCancel(key, OrderId.parse(id)).toHex()});
      }
    }
    return intents;
  }

  @Test
  void oneHundredTwentyEightSignedCancelsFitInOneBatch() {
    StringBuilder body = new StringBuilder("{\"cancels\": [\n");
    List<String[]> intents = intents();
    for (int i = 0; i < intents.size(); i++) {
      body.append(i == 0 ? "  " : ",\n  ")
          .append("{\"orderId\": \"")
          .append(intents.get(i)[0])
          .append("\", \"signature\": \"")
          .append(intents.get(i)[1])
          .append("\"}");
    }
    body.append("\n]}");
    assertThat(body.toString().getBytes(StandardCharsets.UTF_8).length).isGreaterThan(16_384);

    Response response =
        given().contentType(ContentType.JSON).body(body.toString()).post("/v1/intents/cancel");
    response.then().statusCode(200).body("results.size()", equalTo(128));
    List<String> statuses = response.path("results.status");
    assertThat(statuses).hasSize(128).containsOnly("CANCELLED");
  }

  @Test
  void aSingleEndpointKeepsItsSixteenKibLimit() {
    String big = "{\"signature\":\"0x00\",\"pad\":\"" + "x".repeat(20_000) + "\"}";
    given()
        .contentType(ContentType.JSON)
        .body(big)
        .post("/v1/intents/0x" + "ab".repeat(32) + "/cancel")
        .then()
        .statusCode(413)
        .body("code", equalTo("payload-too-large"));
    String tooBig = "{\"cancels\":[],\"pad\":\"" + "x".repeat(40_000) + "\"}";
    given()
        .contentType(ContentType.JSON)
        .body(tooBig)
        .post("/v1/intents/cancel")
        .then()
        .statusCode(413)
        .body("code", equalTo("payload-too-large"));
  }
}
