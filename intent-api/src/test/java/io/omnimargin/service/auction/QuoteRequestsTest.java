package io.omnimargin.service.auction;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A quote request goes to every connected solver, so it is checked like an intent (listed market, a
 * side, a positive and sane size, a small body however it is framed) and limited per client.
 */
@QuarkusTest
@TestProfile(QuoteRequestsTest.TightQuotes.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the limit test spends the bucket last
class QuoteRequestsTest {
  public static class TightQuotes implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "omnimargin.auction.quotes-per-ip-per-second", "1",
          "omnimargin.auction.quotes-per-ip-burst", "20");
    }
  }

  private static ValidatableResponse quote(String body) {
    return given().contentType(ContentType.JSON).body(body).post("/v1/quotes").then();
  }

  private static String request(String market, String side, String size) {
    return "{\"market\":\""
        + market
        + "\",\"side\":\""
        + side
        + "\",\"size\":\""
        + size
        + "\",\"deadlineMs\":0}";
  }

  @Test
  @Order(1)
  void aQuoteIsCheckedLikeAnIntent() throws Exception {
    quote(request("ETH-PERP", "buy", "1000000000000000000")).statusCode(200);
    quote(request("DOGE-PERP", "buy", "1"))
        .statusCode(422)
        .contentType("application/problem+json")
        .body("code", equalTo("unknown-market"))
        .body("field", equalTo("market"));
    quote(request("x".repeat(10_000), "buy", "1")).statusCode(422);
    quote(request("ETH-PERP", "hold", "1")).statusCode(400).body("field", equalTo("side"));
    quote(request("ETH-PERP", "buy", "0")).statusCode(400).body("field", equalTo("size"));
    quote(request("ETH-PERP", "buy", "1" + "0".repeat(40)))
        .statusCode(400)
        .body("code", equalTo("invalid-field"))
        .body("field", equalTo("size"));

    // a chunked body carries no Content-Length: the limit holds all the same
    String big =
        request("ETH-PERP", "buy", "1")
            .replace("\"deadlineMs\"", "\"pad\":\"" + "x".repeat(40_000) + "\",\"deadlineMs\"");
    String response = chunked("/v1/quotes", big);
    assertThat(response).startsWith("HTTP/1.1 413").contains("payload-too-large");
  }

  @Test
  @Order(2)
  void quoteRequestsAreLimitedPerClient() {
    int ok = 0;
    ValidatableResponse last = null;
    for (int i = 0; i < 40; i++) {
      last = quote(request("BTC-PERP", "sell", "1"));
      if (last.extract().statusCode() == 200) {
        ok++;
      } else {
        break;
      }
    }
    assertThat(ok).isBetween(1, 25);
    last.statusCode(429)
        .contentType("application/problem+json")
        .body("code", equalTo("rate-limited"))
        .header("Retry-After", matchesPattern("\\d+"));
    // answers to quotes, and everything else, are not limited by it
    given().get("/v1/intents/0x" + "ab".repeat(32)).then().statusCode(404);
  }

  /** Posts {@code body} with chunked transfer encoding over a raw socket; the whole response. */
  static String chunked(String path, String body) throws Exception {
    try (Socket socket = new Socket("localhost", RestAssured.port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      StringBuilder head =
          new StringBuilder("POST ")
              .append(path)
              .append(" HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n")
              .append("Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      for (int at = 0; at < bytes.length; at += 4096) {
        int n = Math.min(4096, bytes.length - at);
        out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes, at, n);
        out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
      }
      out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
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
}
