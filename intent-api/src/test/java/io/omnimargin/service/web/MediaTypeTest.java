package io.omnimargin.service.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.service.support.RawHttp;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every JSON POST needs {@code Content-Type: application/json}: a body without one (what a
 * cross-site form can send) is refused with 415 {@code unsupported-media-type} before it is read,
 * as is a body declared compressed ({@code Content-Encoding}), which nothing here decompresses.
 */
@QuarkusTest
class MediaTypeTest {
  private static final String FAUCET =
      "{\"account\": \"0x"
          + "ab".repeat(20)
          + "\", \"chainId\": \"1\", \"asset\": \"ETH\","
          + " \"amount\": \"1\"}";

  static void unsupported(RawHttp.Answer answer, String path) throws Exception {
    assertThat(answer.status()).as(path).isEqualTo(415);
    assertThat(answer.header("content-type")).as(path).startsWith("application/problem+json");
    assertThat(answer.json().path("code").asText()).as(path).isEqualTo("unsupported-media-type");
  }

  @Test
  void aPostWithoutAContentTypeIsRefusedOnEveryEndpoint() throws Exception {
    for (String path : BodyLimitTest.POSTS) {
      unsupported(RawHttp.post(RestAssured.port, path, Map.of(), FAUCET), path);
    }
  }

  @Test
  void formEncodingsAreRefused() throws Exception {
    for (String type :
        new String[] {"application/x-www-form-urlencoded", "text/plain", "multipart/form-data"}) {
      unsupported(
          RawHttp.post(
              RestAssured.port, "/v1/dev/collateral", Map.of("Content-Type", type), FAUCET),
          type);
    }
  }

  /** Nothing decompresses a body: one declared compressed would be read as if it were plain. */
  @Test
  void aBodyDeclaredCompressedIsRefusedOnEveryEndpoint() throws Exception {
    for (String coding : new String[] {"gzip", "deflate", "br", "gzip, identity"}) {
      for (String path : BodyLimitTest.POSTS) {
        unsupported(
            RawHttp.post(
                RestAssured.port,
                path,
                Map.of("Content-Type", "application/json", "Content-Encoding", coding),
                FAUCET),
            coding + " " + path);
      }
    }
  }

  @Test
  void anIdentityCodingIsNoCoding() throws Exception {
    RawHttp.Answer answer =
        RawHttp.post(
            RestAssured.port,
            "/v1/dev/collateral",
            Map.of("Content-Type", "application/json", "Content-Encoding", "identity"),
            FAUCET);
    assertThat(answer.status()).isEqualTo(200);
  }

  @Test
  void jsonWithParametersIsAccepted() throws Exception {
    RawHttp.Answer answer =
        RawHttp.post(
            RestAssured.port,
            "/v1/dev/collateral",
            Map.of("Content-Type", "Application/JSON; charset=utf-8"),
            FAUCET);
    assertThat(answer.status()).isEqualTo(200);
  }
}
