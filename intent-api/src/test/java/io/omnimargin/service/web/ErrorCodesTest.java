package io.omnimargin.service.web;

import static io.omnimargin.service.support.Api.submit;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.crypto.Signature;
import io.omnimargin.protocol.eip712.GaslessCrossChainOrder;
import io.omnimargin.protocol.json.OrderJson;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.protocol.types.Hex;
import io.omnimargin.protocol.types.Uint256;
import io.omnimargin.service.support.Wallet;
import io.omnimargin.testsupport.SignedOrders;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

/** Every intake problem code, each provoked by a request that really causes it. */
@QuarkusTest
class ErrorCodesTest {

  private static ValidatableResponse problem(
      ValidatableResponse response, int status, String code) {
    return response
        .statusCode(status)
        .contentType("application/problem+json")
        .body("code", equalTo(code))
        .body("status", equalTo(status))
        .body("type", equalTo("https://omnimargin.io/problems/" + code))
        .body("detail", not(containsString("Exception")))
        .body("traceId", matchesPattern("[0-9a-f]{32}"));
  }

  private static GaslessCrossChainOrder order(PrivateKey key, long nonce) {
    return Wallet.order(key, nonce, SignedOrders.buy("ETH-PERP", 1, 3000));
  }

  @Test
  void malformedJson() {
    problem(submit("{\"order\": {"), 400, "malformed-json");
    problem(submit("[1,2]"), 400, "malformed-json");
  }

  @Test
  void invalidField() {
    PrivateKey key = SignedOrders.key(201);
    ObjectNode order = OrderJson.write(order(key, 1));
    order.put("nonce", "12abc");
    problem(submit("{\"order\":" + order + ",\"signature\":\"0x00\"}"), 400, "invalid-field")
        .body("field", equalTo("order.nonce"));
    problem(submit("{\"signature\":\"0x00\"}"), 400, "invalid-field")
        .body("field", equalTo("order"));
    problem(submit("{\"order\":" + order + ",\"extra\":1}"), 400, "invalid-field")
        .body("field", equalTo("extra"));
    ObjectNode badChecksum = OrderJson.write(order(key, 1));
    String user = key.address().toChecksumHex();
    badChecksum.put("user", "0x" + swapCase(user.substring(2)));
    problem(submit("{\"order\":" + badChecksum + ",\"signature\":\"0x00\"}"), 400, "invalid-field")
        .body("field", equalTo("order.user"));
  }

  @Test
  void zeroSizeIsAnInvalidField() {
    PrivateKey key = SignedOrders.key(202);
    GaslessCrossChainOrder order = Wallet.order(key, 1, SignedOrders.buy("ETH-PERP", 0, 3000));
    problem(submit(Wallet.signed(key, order)), 400, "invalid-field")
        .body("field", equalTo("order.orderData.size"));
  }

  @Test
  void wrongDomain() {
    PrivateKey key = SignedOrders.key(203);
    GaslessCrossChainOrder order = order(key, 1);
    GaslessCrossChainOrder otherSettler =
        changed(
            order,
            Address.parse("0x0000000000000000000000000000000000000001"),
            order.fillDeadline(),
            order.orderDataType());
    problem(submit(Wallet.signed(key, otherSettler)), 422, "wrong-domain")
        .body("field", equalTo("order.originSettler"));
  }

  @Test
  void badSignature() {
    PrivateKey key = SignedOrders.key(204);
    GaslessCrossChainOrder order = order(key, 1);
    problem(submit(Wallet.body(order, "0x1234")), 400, "bad-signature")
        .body("field", equalTo("signature"));
  }

  @Test
  void highS() {
    PrivateKey key = SignedOrders.key(205);
    GaslessCrossChainOrder order = order(key, 1);
    Signature low = Wallet.ORDERS.sign(key, order);
    // The same signature with s' = n - s and v flipped: valid ECDSA, but malleable (EIP-2).
    byte[] raw = Hex.decode(low.toHex());
    byte[] highS = Uint256.of(Signature.CURVE_ORDER.subtract(low.s())).toWordArray();
    System.arraycopy(highS, 0, raw, 32, 32);
    raw[64] = (byte) (raw[64] == 27 ? 28 : 27);
    String body = Wallet.signed(key, order).replace(low.toHex(), Hex.encode(raw));
    problem(submit(body), 400, "high-s");
  }

  @Test
  void signerMismatch() {
    PrivateKey user = SignedOrders.key(206);
    PrivateKey thief = SignedOrders.key(207);
    GaslessCrossChainOrder order = order(user, 1);
    problem(submit(Wallet.body(order, Wallet.ORDERS.sign(thief, order))), 403, "signer-mismatch");
  }

  @Test
  void expired() {
    PrivateKey key = SignedOrders.key(208);
    GaslessCrossChainOrder order =
        Wallet.ORDERS.order(
            key, 1, Wallet.deadline() - 7200, SignedOrders.buy("ETH-PERP", 1, 3000));
    problem(submit(Wallet.signed(key, order)), 422, "expired")
        .body("field", equalTo("order.openDeadline"));
  }

  @Test
  void fillDeadlineBeforeOpenDeadline() {
    PrivateKey key = SignedOrders.key(209);
    GaslessCrossChainOrder order = order(key, 1);
    GaslessCrossChainOrder swapped =
        changed(order, order.originSettler(), order.openDeadline() - 1, order.orderDataType());
    problem(submit(Wallet.signed(key, swapped)), 400, "invalid-field")
        .body("field", equalTo("order.fillDeadline"));
  }

  @Test
  void unknownOrderType() {
    PrivateKey key = SignedOrders.key(210);
    GaslessCrossChainOrder order = order(key, 1);
    GaslessCrossChainOrder unknown =
        changed(
            order, order.originSettler(), order.fillDeadline(), Bytes32.leftPad(new byte[] {0x42}));
    problem(submit(Wallet.signed(key, unknown)), 422, "unknown-order-type");
  }

  @Test
  void unknownMarket() {
    PrivateKey key = SignedOrders.key(211);
    GaslessCrossChainOrder order = Wallet.order(key, 1, SignedOrders.buy("DOGE-PERP", 1, 1));
    problem(submit(Wallet.signed(key, order)), 422, "unknown-market");
  }

  @Test
  void payloadTooLarge() {
    String huge = "{\"pad\":\"" + "x".repeat(20_000) + "\"}";
    problem(submit(huge), 413, "payload-too-large");
  }

  @Test
  void rateLimitedPerUserWithRetryAfter() {
    PrivateKey key = SignedOrders.key(212);
    String body = Wallet.signed(key, order(key, 1));
    for (int i = 0; i < 10; i++) { // the test profile's per-user burst
      submit(body).statusCode(202);
    }
    problem(submit(body), 429, "rate-limited").header("Retry-After", matchesPattern("\\d+"));
  }

  @Test
  void tooManyOpenIntents() {
    PrivateKey key = SignedOrders.key(213);
    for (int nonce = 1; nonce <= 5; nonce++) { // the test profile's cap
      submit(Wallet.signed(key, order(key, nonce))).statusCode(202);
    }
    problem(submit(Wallet.signed(key, order(key, 6))), 429, "too-many-open-intents")
        .header("Retry-After", matchesPattern("\\d+"));
  }

  @Test
  void notFoundAndOtherHttpErrors() {
    problem(given().get("/v1/intents/0x" + "ab".repeat(32)).then(), 404, "not-found");
    problem(given().get("/v1/nothing-here").then(), 404, "not-found");
    problem(given().delete("/v1/intents").then(), 405, "method-not-allowed");
    problem(
        given().contentType(ContentType.TEXT).body("hi").post("/v1/intents").then(),
        415,
        "unsupported-media-type");
    problem(given().get("/v1/intents").then(), 400, "invalid-field").body("field", equalTo("user"));
    problem(given().queryParam("user", "0x01").get("/v1/intents").then(), 400, "invalid-field");
  }

  /** The order with its settler, fill deadline or data type replaced; the rest as signed. */
  private static GaslessCrossChainOrder changed(
      GaslessCrossChainOrder o, Address settler, long fillDeadline, Bytes32 dataType) {
    return new GaslessCrossChainOrder(
        settler,
        o.user(),
        o.nonce(),
        o.originChainId(),
        o.openDeadline(),
        fillDeadline,
        dataType,
        o.orderData());
  }

  private static String swapCase(String s) {
    StringBuilder out = new StringBuilder();
    for (char c : s.toCharArray()) {
      out.append(Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
    }
    return out.toString();
  }
}
