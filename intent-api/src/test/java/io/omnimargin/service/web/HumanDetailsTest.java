package io.omnimargin.service.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every error is a problem document whose detail a person can read: no Java class, no library's own
 * wording, whatever the request got wrong (its JSON, its query, its very headers).
 */
@QuarkusTest
class HumanDetailsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** No package, class or exception name; no library setting. */
  static Matcher<String> human() {
    return allOf(
        not(containsString("com.")),
        not(containsString("java.")),
        not(containsString("io.")),
        not(containsString("Exception")),
        not(containsString("Jackson")),
        not(containsString("JsonNode")),
        not(containsString("StreamRead")),
        not(containsString("Feature")),
        not(containsString("`")));
  }

  private static ValidatableResponse post(String path, String body) {
    return given().contentType("application/json").body(body).post(path).then();
  }

  static Stream<Arguments> malformed() {
    String deep = "{\"a\":".repeat(20) + "1" + "}".repeat(20);
    String twoValues = "{\"order\":{}} {\"order\":{}}";
    return Stream.of(
        Arguments.of("/v1/intents", deep),
        Arguments.of("/v1/intents", twoValues),
        Arguments.of("/v1/intents", "{\"order\":"),
        Arguments.of("/v1/intents", "{\"order\":{},\"order\":{}}"),
        Arguments.of("/v1/intents/cancel", twoValues),
        Arguments.of("/v1/oracle/prices", deep),
        Arguments.of("/v1/oracle/prices", twoValues),
        Arguments.of("/v1/quotes", twoValues),
        Arguments.of("/v1/solvers/registrations", deep),
        Arguments.of("/v1/auctions/0x" + "ab".repeat(32) + "/bids", twoValues),
        Arguments.of("/v1/auctions/0x" + "ab".repeat(32) + "/bids", deep));
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void malformedJsonIsExplainedInPlainWords(String path, String body) {
    post(path, body)
        .statusCode(400)
        .contentType("application/problem+json")
        .body("code", equalTo("malformed-json"))
        .body("detail", human());
  }

  @Test
  void badQueryValuesAreInvalidFieldsNotMissingResources() {
    given()
        .queryParam("user", "0x" + "11".repeat(20))
        .queryParam("limit", "abc")
        .get("/v1/intents")
        .then()
        .statusCode(400)
        .contentType("application/problem+json")
        .body("code", equalTo("invalid-field"))
        .body("field", equalTo("limit"))
        .body("detail", human());
  }

  /** A raw HTTP/1.1 exchange, for requests REST Assured will not send. */
  private static String raw(String request) throws Exception {
    try (Socket socket = new Socket("localhost", RestAssured.port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream response = new ByteArrayOutputStream();
      byte[] buf = new byte[4096];
      int n;
      while ((n = in.read(buf)) > 0) {
        response.write(buf, 0, n);
      }
      return response.toString(StandardCharsets.UTF_8);
    }
  }

  private static void assertProblem(String response, int status, String code) throws Exception {
    assertThat(response).startsWith("HTTP/1.1 " + status);
    assertThat(response.toLowerCase(java.util.Locale.ROOT))
        .contains("content-type: application/problem+json");
    JsonNode body = JSON.readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
    assertThat(body.path("code").asText()).isEqualTo(code);
    assertThat(body.path("status").asInt()).isEqualTo(status);
    assertThat(body.path("detail").asText())
        .is(new org.assertj.core.api.HamcrestCondition<>(human()));
  }

  @Test
  void aRequestWithoutHostGetsAProblem() throws Exception {
    String response =
        raw("GET /v1/intents/0x" + "ab".repeat(32) + " HTTP/1.1\r\nConnection: close\r\n\r\n");
    assertProblem(response, 400, "invalid-field");
  }

  @Test
  void aRequestWithoutHostToAnUnknownPathGetsAProblem() throws Exception {
    String response = raw("GET /v1/nothing HTTP/1.1\r\nConnection: close\r\n\r\n");
    assertProblem(response, 400, "invalid-field");
  }
}
