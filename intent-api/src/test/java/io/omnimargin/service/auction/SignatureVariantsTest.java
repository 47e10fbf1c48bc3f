package io.omnimargin.service.auction;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.crypto.Signature;
import io.omnimargin.protocol.types.Bytes32;
import io.omnimargin.protocol.types.Hex;
import io.omnimargin.protocol.types.OrderId;
import io.omnimargin.protocol.types.Uint256;
import io.omnimargin.service.support.SessionSocket;
import io.omnimargin.service.support.Wallet;
import io.omnimargin.testsupport.SignedOrders;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every malformed signature, on every endpoint that takes one and on the session socket, gets the
 * intake's typed answer ({@code bad-signature}, {@code high-s}) and never {@code internal-error}; a
 * hello with one closes the session.
 */
@QuarkusTest
@TestProfile(SignatureVariantsTest.Auctions.class)
class SignatureVariantsTest {
  static final PrivateKey A = AuctionApiTest.SOLVER_A;
  static final String NO_AUCTION = "0x" + "0e".repeat(32);

  public static class Auctions implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return AuctionApiTest.auctions("20s", List.of(A));
    }
  }

  /** A malformed signature and the code it must get. */
  record Variant(String name, String signature, String code) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Variant> variants() {
    Signature good = A.sign(Bytes32.leftPad(new byte[] {1}).toArray());
    String r = Hex.encode(Uint256.of(good.r()).toWordArray()).substring(2);
    String s = Hex.encode(Uint256.of(good.s()).toWordArray()).substring(2);
    String n = Hex.encode(Uint256.of(Signature.CURVE_ORDER).toWordArray()).substring(2);
    String highS =
        Hex.encode(Uint256.of(Signature.CURVE_ORDER.subtract(good.s())).toWordArray()).substring(2);
    String v = good.recoveryId() == 0 ? "1c" : "1b"; // flipped with s
    List<Variant> variants = new ArrayList<>();
    variants.add(new Variant("r=0", "0x" + "00".repeat(32) + s + "1b", "bad-signature"));
    variants.add(new Variant("s=0", "0x" + r + "00".repeat(32) + "1b", "bad-signature"));
    variants.add(new Variant("zero", "0x" + "00".repeat(65), "bad-signature"));
    variants.add(new Variant("r=n", "0x" + n + s + "1b", "bad-signature"));
    variants.add(new Variant("v=29", "0x" + r + s + "1d", "bad-signature"));
    variants.add(new Variant("short", "0x" + r + s, "bad-signature"));
    variants.add(new Variant("non-hex", "0x" + "zz".repeat(65), "bad-signature"));
    variants.add(new Variant("no-prefix", r + s + "1b", "bad-signature"));
    variants.add(new Variant("empty", "", "bad-signature"));
    variants.add(new Variant("high-s", "0x" + r + highS + v, "high-s"));
    return variants;
  }

  private static String intent;

  @BeforeEach
  void registered() {
    if (intent == null) {
      AuctionApiTest.register(A);
      intent = AuctionApiTest.order(1301, 1);
    }
  }

  private static ValidatableResponse post(String path, String body) {
    return given().contentType(ContentType.JSON).body(body).post(path).then();
  }

  private static String withSignature(String body, String signature) {
    int at = body.lastIndexOf("\"signature\":\"");
    int end = body.indexOf('"', at + 13);
    return body.substring(0, at + 13) + signature + body.substring(end);
  }

  /** An endpoint: how to send a body signed with the given text. */
  record Endpoint(String name, Function<String, ValidatableResponse> send) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Endpoint> endpoints() {
    String solver = A.address().toChecksumHex();
    return List.of(
        new Endpoint(
            "intent",
            sig ->
                post(
                    "/v1/intents",
                    Wallet.body(
                        Wallet.order(
                            SignedOrders.key(1302), 1, SignedOrders.buy("ETH-PERP", 1, 3000)),
                        sig))),
        new Endpoint(
            "cancel",
            sig -> post("/v1/intents/" + intent + "/cancel", "{\"signature\":\"" + sig + "\"}")),
        new Endpoint(
            "bid (no auction)",
            sig ->
                post(
                    "/v1/auctions/" + NO_AUCTION + "/bids",
                    withSignature(
                        AuctionApiTest.bidBody(A, A, NO_AUCTION, 2990, 1, 1_800_000_300L), sig))),
        new Endpoint(
            "bid",
            sig ->
                post(
                    "/v1/auctions/" + intent + "/bids",
                    withSignature(
                        AuctionApiTest.bidBody(A, A, intent, 2990, 1, 1_800_000_300L), sig))),
        new Endpoint(
            "fill",
            sig ->
                post(
                    "/v1/auctions/" + intent + "/fills",
                    withSignature(AuctionApiTest.fillBody(A, intent, 2, 2990), sig))),
        new Endpoint(
            "registration",
            sig ->
                post(
                    "/v1/solvers/registrations",
                    "{\"registration\":{\"solver\":\""
                        + solver
                        + "\",\"name\":\"x\",\"issuedAt\":1800000000},\"signature\":\""
                        + sig
                        + "\"}")),
        new Endpoint(
            "quote answer",
            sig ->
                post(
                    "/v1/quotes/" + NO_AUCTION + "/answers",
                    withSignature(
                        AuctionApiTest.bidBody(A, A, NO_AUCTION, 2990, 1, 1_800_000_300L), sig))),
        new Endpoint(
            "front",
            sig ->
                post(
                    "/v1/settlement/fronts",
                    "{\"front\":{\"chainId\":\"1\",\"txHash\":\""
                        + NO_AUCTION
                        + "\",\"depositNonce\":\"1\",\"solver\":\""
                        + solver
                        + "\"},\"signature\":\""
                        + sig
                        + "\"}")));
  }

  static Stream<Arguments> everyVariantOnEveryEndpoint() {
    return endpoints().stream().flatMap(e -> variants().stream().map(v -> Arguments.of(e, v)));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("everyVariantOnEveryEndpoint")
  void aMalformedSignatureIsTypedOnEveryEndpoint(Endpoint endpoint, Variant variant) {
    endpoint
        .send()
        .apply(variant.signature())
        .statusCode(400)
        .contentType("application/problem+json")
        .body("code", equalTo(variant.code()))
        .body("field", equalTo("signature"));
  }

  @ParameterizedTest(name = "batch cancel: {0}")
  @MethodSource("variants")
  void aMalformedSignatureIsTypedInABatchCancel(Variant variant) {
    post(
            "/v1/intents/cancel",
            "{\"cancels\":[{\"orderId\":\""
                + intent
                + "\",\"signature\":\""
                + variant.signature()
                + "\"}]}")
        .statusCode(200)
        .body("results[0].problem.code", equalTo(variant.code()))
        .body("results[0].problem.field", equalTo("cancels[0].signature"));
  }

  @ParameterizedTest(name = "hello: {0}")
  @MethodSource("variants")
  void aHelloWithAMalformedSignatureIsRefusedAndClosed(Variant variant) {
    try (SessionSocket s = SessionSocket.open(RestAssured.port)) {
      s.next("challenge");
      s.send(
          "{\"type\":\"hello\",\"solver\":\""
              + A.address().toChecksumHex()
              + "\",\"signature\":\""
              + variant.signature()
              + "\",\"after\":-1}");
      JsonNode error = s.next("error");
      assertThat(error.get("code").asText()).isEqualTo(variant.code());
      assertThat(s.closeCode()).isEqualTo(1008);
    }
  }

  @ParameterizedTest(name = "session bid and fill: {0}")
  @MethodSource("variants")
  void aSessionBidOrFillWithAMalformedSignatureGetsItsCodeAndTheSessionGoesOn(Variant variant) {
    try (SessionSocket s = SessionSocket.hello(RestAssured.port, A, -1)) {
      s.send(
          "{\"type\":\"bid\","
              + withSignature(
                      AuctionApiTest.bidBody(A, A, intent, 2990, 1, 1_800_000_300L),
                      variant.signature())
                  .substring(1));
      JsonNode bidError = s.next("error");
      assertThat(bidError.get("code").asText()).isEqualTo(variant.code());
      assertThat(bidError.get("field").asText()).isEqualTo("signature");
      s.send(
          "{\"type\":\"fill\","
              + withSignature(AuctionApiTest.fillBody(A, intent, 2, 2990), variant.signature())
                  .substring(1));
      assertThat(s.next("error").get("code").asText()).isEqualTo(variant.code());
      s.send("{\"type\":\"decline\",\"orderId\":\"" + OrderId.parse(intent).toHex() + "\"}");
      s.send("{\"type\":\"gossip\"}");
      assertThat(s.next("error").get("code").asText()).isEqualTo("invalid-field"); // still open
    }
  }
}
