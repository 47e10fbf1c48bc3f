package io.omnimargin.service.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.service.support.LogCapture;
import io.omnimargin.service.support.RawHttp;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One body limit ({@code omnimargin.intake.max-body-bytes}, 16 KiB) for every endpoint however the
 * body is framed: sent in chunks without a Content-Length, a larger body is refused with the same
 * {@code payload-too-large} problem as a declared one, and nothing is logged as an error.
 */
@QuarkusTest
class BodyLimitTest {
  private static final String ACCOUNT = "0x" + "ab".repeat(20);
  private static final String ORDER = "0x" + "cd".repeat(32);

  /** Every JSON POST of the API. */
  static final List<String> POSTS =
      List.of(
          "/v1/intents",
          "/v1/intents/cancel",
          "/v1/intents/" + ORDER + "/cancel",
          "/v1/accounts/" + ACCOUNT + "/margin-check",
          "/v1/oracle/prices",
          "/v1/dev/collateral",
          "/v1/dev/routes",
          "/v1/settlement/fronts",
          "/v1/solvers/registrations",
          "/v1/auctions/" + ORDER + "/bids",
          "/v1/auctions/" + ORDER + "/fills",
          "/v1/liquidations/1/bids",
          "/v1/quotes",
          "/v1/quotes/" + ORDER + "/answers");

  static byte[] jsonOf(int bytes) {
    String prefix = "{\"pad\":\"";
    return (prefix + "x".repeat(bytes - prefix.length() - 2) + "\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  static void payloadTooLarge(RawHttp.Answer answer, String path) throws Exception {
    assertThat(answer.status()).as(path).isEqualTo(413);
    assertThat(answer.header("content-type")).as(path).startsWith("application/problem+json");
    assertThat(answer.json().path("code").asText()).as(path).isEqualTo("payload-too-large");
  }

  @Test
  void chunkedBodiesOverTheLimitAreRefusedOnEveryEndpoint() throws Exception {
    for (String path : POSTS) {
      // over every limit, the batch cancel's (33,792 bytes) included
      payloadTooLarge(RawHttp.chunked(RestAssured.port, path, jsonOf(40_000), 1024), path);
    }
  }

  @Test
  void aChunkedBodyUnderTheLimitIsRead() throws Exception {
    byte[] body =
        ("{\"account\": \""
                + ACCOUNT
                + "\", \"chainId\": \"1\", \"asset\": \"ETH\","
                + " \"amount\": \"1\"}")
            .getBytes(StandardCharsets.UTF_8);
    RawHttp.Answer answer = RawHttp.chunked(RestAssured.port, "/v1/dev/collateral", body, 16);
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().path("account").asText()).isEqualToIgnoringCase(ACCOUNT);
  }

  @Test
  void aFiveMebibyteChunkedBodyGetsAProblemAndNoErrorIsLogged() throws Exception {
    try (LogCapture errors = LogCapture.errors()) {
      payloadTooLarge(
          RawHttp.chunked(RestAssured.port, "/v1/dev/collateral", jsonOf(5 << 20), 64 * 1024),
          "/v1/dev/collateral");
      Thread.sleep(500); // what the server logs after answering
      assertThat(errors.lines()).isEmpty();
    }
  }

  @Test
  void aDeclaredLengthOverTheLimitIsRefusedBeforeTheBodyIsRead() throws Exception {
    try (RawHttp http = new RawHttp(RestAssured.port)) {
      http.head(
          "POST",
          "/v1/oracle/prices",
          Map.of("Content-Type", "application/json", "Content-Length", "20000"));
      payloadTooLarge(http.read(), "/v1/oracle/prices");
    }
  }
}
