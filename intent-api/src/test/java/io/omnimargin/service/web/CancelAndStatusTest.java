package io.omnimargin.service.web;

import static io.omnimargin.service.support.Api.cancel;
import static io.omnimargin.service.support.Api.submit;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.omnimargin.hub.intent.IntentStatus;
import io.omnimargin.hub.intent.IntentStore;
import io.omnimargin.hub.intent.StatusChange;
import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.eip712.GaslessCrossChainOrder;
import io.omnimargin.protocol.types.OrderId;
import io.omnimargin.service.support.MutableClock;
import io.omnimargin.service.support.Wallet;
import io.omnimargin.service.wiring.ExpiryScheduler;
import io.omnimargin.testsupport.SignedOrders;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Cancellation (single and batch), the race with an award, expiry and the live SSE stream. */
@QuarkusTest
class CancelAndStatusTest {
  @Inject IntentStore store;
  @Inject MutableClock clock;
  @Inject ExpiryScheduler expiry;

  @TestHTTPResource("/v1/intents")
  URL intents;

  private static String accept(PrivateKey key, GaslessCrossChainOrder order) {
    return submit(Wallet.signed(key, order)).statusCode(202).extract().path("orderId");
  }

  private static GaslessCrossChainOrder order(PrivateKey key, long nonce) {
    return Wallet.order(key, nonce, SignedOrders.buy("ETH-PERP", 1, 3000));
  }

  @Test
  void theUserCancelsAndACancelIsIdempotent() {
    PrivateKey key = SignedOrders.key(301);
    String id = accept(key, order(key, 1));
    String cancel = Wallet.cancelBody(key, OrderId.parse(id));

    cancel(id, cancel)
        .statusCode(200)
        .body("status", equalTo("CANCELLED"))
        .body("history[1].reason", equalTo("cancelled by user"));
    cancel(id, cancel)
        .statusCode(200)
        .body("status", equalTo("CANCELLED"))
        .body("history", hasSize(2));
  }

  @Test
  void onlyTheUserCanCancel() {
    PrivateKey key = SignedOrders.key(302);
    String id = accept(key, order(key, 1));
    cancel(id, Wallet.cancelBody(SignedOrders.key(303), OrderId.parse(id)))
        .statusCode(403)
        .body("code", equalTo("signer-mismatch"));
    given().get("/v1/intents/" + id).then().body("status", equalTo("OPEN"));
  }

  @Test
  void aCancelThatLosesTheRaceToAnAwardSaysSo() {
    PrivateKey key = SignedOrders.key(304);
    String id = accept(key, order(key, 1));
    // The auction (a later module) awards through the same store transition.
    store.transition(
        OrderId.parse(id),
        IntentStatus.NOT_YET_TAKEN,
        new StatusChange(IntentStatus.AWARDED, clock.instant(), "awarded to solver"));

    // the RFC 9457 status is the HTTP status; the intent's own status is an extension
    cancel(id, Wallet.cancelBody(key, OrderId.parse(id)))
        .statusCode(409)
        .contentType("application/problem+json")
        .body("code", equalTo("already-awarded"))
        .body("status", equalTo(409))
        .body("intentStatus", equalTo("AWARDED"));

    String filled = accept(key, order(key, 2));
    store.transition(
        OrderId.parse(filled),
        IntentStatus.NOT_YET_TAKEN,
        new StatusChange(IntentStatus.AWARDED, clock.instant(), "awarded to solver"));
    store.transition(
        OrderId.parse(filled),
        java.util.EnumSet.of(IntentStatus.AWARDED),
        new StatusChange(IntentStatus.FILLED, clock.instant(), "filled"));
    cancel(filled, Wallet.cancelBody(key, OrderId.parse(filled)))
        .statusCode(409)
        .body("code", equalTo("already-filled"))
        .body("status", equalTo(409))
        .body("intentStatus", equalTo("FILLED"));
  }

  @Test
  void batchCancelReportsEachItem() {
    PrivateKey key = SignedOrders.key(305);
    String a = accept(key, order(key, 1));
    String b = accept(key, order(key, 2));
    String unknown = "0x" + "ee".repeat(32);
    String sigA = Wallet.ORDERS.signCancel(key, OrderId.parse(a)).toHex();
    String sigB = Wallet.ORDERS.signCancel(key, OrderId.parse(b)).toHex();
    String body =
        "{\"cancels\":["
            + "{\"orderId\":\""
            + a
            + "\",\"signature\":\""
            + sigA
            + "\"},"
            + "{\"orderId\":\""
            + b
            + "\",\"signature\":\""
            + sigB
            + "\"},"
            + "{\"orderId\":\""
            + unknown
            + "\",\"signature\":\""
            + sigA
            + "\"}]}";

    given()
        .contentType(ContentType.JSON)
        .body(body)
        .post("/v1/intents/cancel")
        .then()
        .statusCode(200)
        .body("results", hasSize(3))
        .body("results[0].status", equalTo("CANCELLED"))
        .body("results[1].status", equalTo("CANCELLED"))
        .body("results[2].status", nullValue())
        .body("results[2].problem.code", equalTo("not-found"));

    // an item that is not an object is named once, from the body's root
    given()
        .contentType(ContentType.JSON)
        .body("{\"cancels\":[\"" + a + "\",[]]}")
        .post("/v1/intents/cancel")
        .then()
        .statusCode(200)
        .body("results.problem.code", everyItem(equalTo("invalid-field")))
        .body("results.problem.field", contains("cancels[0]", "cancels[1]"));

    StringBuilder tooMany = new StringBuilder("{\"cancels\":[");
    for (int i = 0; i < 129; i++) {
      tooMany.append(i == 0 ? "" : ",").append("{}");
    }
    given()
        .contentType(ContentType.JSON)
        .body(tooMany.append("]}").toString())
        .post("/v1/intents/cancel")
        .then()
        .statusCode(400)
        .body("code", equalTo("invalid-field"))
        .body("field", equalTo("cancels"));
  }

  @Test
  void untakenIntentsExpireAfterTheirOpenDeadline() {
    PrivateKey key = SignedOrders.key(306);
    GaslessCrossChainOrder soon =
        Wallet.ORDERS.order(
            key, 1, clock.instant().getEpochSecond() + 10, SignedOrders.buy("ETH-PERP", 1, 3000));
    String id = accept(key, soon);
    try {
      expiry.sweepOnce();
      given().get("/v1/intents/" + id).then().body("status", equalTo("OPEN"));

      clock.advance(Duration.ofSeconds(11));
      expiry.sweepOnce();

      given()
          .get("/v1/intents/" + id)
          .then()
          .body("status", equalTo("EXPIRED"))
          .body("history[1].reason", equalTo("openDeadline passed"));
    } finally {
      clock.set(MutableClock.START);
    }
  }

  @Test
  void statusChangesArePushedOverServerSentEvents() throws Exception {
    PrivateKey key = SignedOrders.key(307);
    String id = accept(key, order(key, 1));
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(intents + "/" + id + "/events"))
            .header("Accept", "text/event-stream")
            .timeout(Duration.ofSeconds(20))
            .build();

    HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
    assertThat(response.statusCode()).isEqualTo(200);
    Iterator<String> data =
        response
            .body()
            .filter(line -> line.startsWith("data:"))
            .map(line -> line.substring(5))
            .iterator();

    assertThat(data.next()).contains("\"status\":\"OPEN\"").contains("\"index\":0");
    // Subscribed and seen OPEN: now the change must arrive live.
    cancel(id, Wallet.cancelBody(key, OrderId.parse(id))).statusCode(200);
    assertThat(data.next()).contains("\"status\":\"CANCELLED\"").contains("\"terminal\":true");
    assertThat(data.hasNext()).as("the stream ends after a terminal status").isFalse();
  }
}
