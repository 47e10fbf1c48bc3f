package io.omnimargin.service.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.json.OrderJson;
import io.omnimargin.service.support.Wallet;
import io.omnimargin.testsupport.SignedOrders;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every number the API reads is written in ASCII digits (Java's parsers alone would read {@code
 * "١٢٣"} as 123), and a JSON object may not name a member twice (the last one would win).
 */
@QuarkusTest
class StrictNumbersTest {
  private static final String JSON_UTF8 = "application/json; charset=UTF-8";
  private static final String ORDER_ID = "0x" + "ab".repeat(32);
  private static final String SOLVER = "0x" + "11".repeat(20);
  private static final String SIGNATURE = "0x" + "22".repeat(64) + "1b";

  private static ValidatableResponse post(String path, String body) {
    return given().contentType(JSON_UTF8).body(body).post(path).then();
  }

  private static void invalid(ValidatableResponse response, String field) {
    response
        .statusCode(400)
        .contentType("application/problem+json")
        .body("code", equalTo("invalid-field"))
        .body("field", equalTo(field));
  }

  private static String bid(String price) {
    return "{\"bid\":{\"orderId\":\""
        + ORDER_ID
        + "\",\"solver\":\""
        + SOLVER
        + "\",\"price\":\""
        + price
        + "\",\"fee\":\"1\",\"validUntil\":1800000300},\"signature\":\""
        + SIGNATURE
        + "\"}";
  }

  @ParameterizedTest
  @ValueSource(strings = {"١٢٣", "１２３", "१२३"})
  void otherScriptsDigitsAreNotNumbers(String n) {
    PrivateKey key = SignedOrders.key(1201);
    ObjectNode order = OrderJson.write(Wallet.order(key, 1, SignedOrders.buy("ETH-PERP", 1, 3000)));
    order.put("nonce", n);
    invalid(
        post("/v1/intents", "{\"order\":" + order + ",\"signature\":\"" + SIGNATURE + "\"}"),
        "order.nonce");
    invalid(
        post(
            "/v1/dev/collateral",
            "{\"account\":\""
                + SOLVER
                + "\",\"chainId\":\""
                + n
                + "\",\"asset\":\"ETH\","
                + "\"amount\":\"1\"}"),
        "chainId");
    invalid(
        post(
            "/v1/oracle/prices",
            "{\"prices\":[{\"asset\":\"ETH\",\"price\":\"" + n + "\"," + "\"publishTime\":1}]}"),
        "prices[0].price");
    invalid(post("/v1/dev/routes", "{\"chainId\":\"" + n + "\",\"live\":false}"), "chainId");
    invalid(post("/v1/auctions/" + ORDER_ID + "/bids", bid(n)), "bid.price");
    invalid(post("/v1/quotes/" + ORDER_ID + "/answers", bid(n)), "bid.price");
    invalid(
        post(
            "/v1/solvers/registrations",
            "{\"registration\":{\"solver\":\""
                + SOLVER
                + "\",\"name\":\"x\",\"issuedAt\":\""
                + n
                + "\"},\"signature\":\""
                + SIGNATURE
                + "\"}"),
        "registration.issuedAt");
    invalid(
        post("/v1/quotes", "{\"market\":\"ETH-PERP\",\"side\":\"buy\",\"size\":\"" + n + "\"}"),
        "size");
    invalid(
        post(
            "/v1/settlement/fronts",
            "{\"front\":{\"chainId\":\""
                + n
                + "\",\"txHash\":\""
                + ORDER_ID
                + "\","
                + "\"depositNonce\":\"1\",\"solver\":\""
                + SOLVER
                + "\"},\"signature\":\""
                + SIGNATURE
                + "\"}"),
        "front.chainId");
    invalid(
        post(
            "/v1/settlement/fronts",
            "{\"front\":{\"chainId\":\"1\",\"txHash\":\""
                + ORDER_ID
                + "\","
                + "\"depositNonce\":\""
                + n
                + "\",\"solver\":\""
                + SOLVER
                + "\"},"
                + "\"signature\":\""
                + SIGNATURE
                + "\"}"),
        "front.depositNonce");
  }

  @Test
  void aDepositNonceOfSeventyEightDigitsAboveTheLargestUint256IsAnInvalidField() {
    // 2^256 has 78 digits, as many as 2^256 - 1: the digit count alone does not bound it
    String tooLarge = java.math.BigInteger.ONE.shiftLeft(256).toString();
    invalid(
        post(
            "/v1/settlement/fronts",
            "{\"front\":{\"chainId\":\"1\",\"txHash\":\""
                + ORDER_ID
                + "\",\"depositNonce\":\""
                + tooLarge
                + "\",\"solver\":\""
                + SOLVER
                + "\"},\"signature\":\""
                + SIGNATURE
                + "\"}"),
        "front.depositNonce");
  }

  @ParameterizedTest
  @ValueSource(strings = {"١٠", "１０", "abc", "1.5", "+5", "1e3"})
  void queryNumbersAreAsciiDigitsAndABadOneIsAnInvalidField(String n) {
    invalid(
        given().queryParam("user", SOLVER).queryParam("limit", n).get("/v1/intents").then(),
        "limit");
    invalid(
        given().queryParam("after", n).get("/v1/solvers/" + SOLVER + "/stream").then(), "after");
  }

  @Test
  void aCursorIsAsciiToo() {
    invalid(
        given().queryParam("user", SOLVER).queryParam("cursor", "١").get("/v1/intents").then(),
        "cursor");
  }

  static Stream<Arguments> duplicated() {
    return Stream.of(
        Arguments.of("/v1/intents", "{\"order\":{},\"signature\":\"0x00\",\"signature\":\"0x01\"}"),
        Arguments.of("/v1/oracle/prices", "{\"prices\":[],\"prices\":[]}"),
        Arguments.of(
            "/v1/oracle/prices",
            "{\"prices\":[{\"asset\":\"ETH\",\"asset\":\"BTC\",\"price\":\"1\","
                + "\"publishTime\":1}]}"),
        Arguments.of(
            "/v1/auctions/" + ORDER_ID + "/bids",
            bid("1").replace("{\"bid\":{", "{\"bid\":{\"price\":\"2\",")),
        Arguments.of("/v1/intents/cancel", "{\"cancels\":[],\"cancels\":[]}"),
        Arguments.of("/v1/quotes", "{\"market\":\"ETH-PERP\",\"market\":\"BTC-PERP\"}"),
        Arguments.of("/v1/solvers/registrations", "{\"registration\":{},\"registration\":{}}"));
  }

  @ParameterizedTest
  @MethodSource("duplicated")
  void aMemberNamedTwiceIsMalformed(String path, String body) {
    post(path, body)
        .statusCode(400)
        .contentType("application/problem+json")
        .body("code", equalTo("malformed-json"));
  }
}
