package io.omnimargin.service.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.service.support.LogCapture;
import io.omnimargin.service.support.RawHttp;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A POST with an empty body ({@code Content-Length: 0}, or chunked with no chunk) is answered
 * {@code malformed-json}, not held open for ever as it was. A body the transport cannot read (a
 * chunk size that is not hex, negative or past 64 bits, a connection that ends half-way through the
 * body) is the client's fault: the request is refused, or the connection closed when nobody is left
 * to answer, and nothing is logged as an error with a stack trace (each used to log one: a flood of
 * them would flood the log). Found by the hostile-input fuzzer.
 */
@QuarkusTest
class BodyFramingTest {
  private static final String BODY =
      "{\"account\":\"0x"
          + "ab".repeat(20)
          + "\",\"chainId\":\"1\",\"asset\":\"ETH\",\"amount\":\"1\"}";
  private static final String HEAD =
      "POST /v1/dev/collateral HTTP/1.1\r\nHost: localhost\r\n"
          + "Content-Type: application/json\r\n";

  @Test
  void anEmptyBodyIsAnsweredOnEveryEndpoint() throws Exception {
    for (String framing :
        new String[] {"Content-Length: 0\r\n\r\n", "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"}) {
      for (String path : BodyLimitTest.POSTS) {
        String request = "POST " + path + HEAD.substring(HEAD.indexOf(" HTTP/1.1")) + framing;
        Optional<RawHttp.Answer> answer = send(request, false);
        assertThat(answer).as(path).isPresent();
        assertThat(answer.get().status()).as(path).isEqualTo(400);
        assertThat(answer.get().json().path("code").asText()).as(path).isEqualTo("malformed-json");
      }
    }
  }

  @Test
  void aBrokenChunkSizeIsRefusedAndNoErrorIsLogged() throws Exception {
    try (LogCapture errors = LogCapture.errors()) {
      for (String size : new String[] {"zz", "-5", "ffffffffffffffffff", "1 2"}) {
        String request =
            HEAD + "Transfer-Encoding: chunked\r\n\r\n" + size + "\r\n" + BODY + "\r\n0\r\n\r\n";
        refusedOrClosed(send(request, false), size);
      }
      Thread.sleep(300); // what the server logs after answering
      assertThat(errors.lines()).isEmpty();
    }
  }

  @Test
  void aBodyCutShortByTheClientIsNotAnError() throws Exception {
    try (LogCapture errors = LogCapture.errors()) {
      String request =
          HEAD + "Content-Length: " + BODY.length() + "\r\n\r\n" + BODY.substring(0, 20);
      refusedOrClosed(send(request, true), "half-closed");
      Thread.sleep(300);
      assertThat(errors.lines()).isEmpty();
    }
  }

  private static Optional<RawHttp.Answer> send(String request, boolean halfClose) throws Exception {
    return RawHttp.exchange(
        RestAssured.port, request.getBytes(StandardCharsets.US_ASCII), halfClose, 10_000);
  }

  private static void refusedOrClosed(Optional<RawHttp.Answer> answer, String what)
      throws Exception {
    if (answer.isPresent()) {
      assertThat(answer.get().status()).as(what).isEqualTo(400);
      assertThat(answer.get().json().path("code").asText()).as(what).isEqualTo("invalid-field");
    }
  }
}
