package io.omnimargin.service.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.service.support.RawHttp;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * A client that sends its headers and then stalls does not hold its connection: the body must
 * arrive within {@code omnimargin.intake.body-timeout} (10 s by default), or the request is
 * answered with 408 {@code request-timeout} and the connection closed.
 */
@QuarkusTest
class SlowBodyTest {
  private static final long BOUND_MILLIS = 10_000;
  // the three stalls at once, whatever the common pool's size on a small machine
  private static final ExecutorService CLIENTS = Executors.newFixedThreadPool(3);

  /** Opens a POST, sends {@code head} of its body and stalls; answers what the server did. */
  static CompletableFuture<Long> stall(Map<String, String> headers, String partialBody) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (RawHttp http = new RawHttp(RestAssured.port)) {
            http.head("POST", "/v1/dev/collateral", headers)
                .write(partialBody.getBytes(StandardCharsets.US_ASCII));
            long start = System.nanoTime();
            RawHttp.Answer answer = http.read();
            assertThat(answer.status()).isEqualTo(408);
            assertThat(answer.json().path("code").asText()).isEqualTo("request-timeout");
            assertThat(answer.header("connection")).isEqualToIgnoringCase("close");
            return (System.nanoTime() - start) / 1_000_000;
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        },
        CLIENTS);
  }

  @Test
  void aBodyThatNeverArrivesIsCutOffWithinTheBound() {
    List<CompletableFuture<Long>> stalls =
        List.of(
            // headers only
            stall(Map.of("Content-Type", "application/json", "Content-Length", "100"), ""),
            // part of a declared body
            stall(
                Map.of("Content-Type", "application/json", "Content-Length", "100"),
                "{\"account\": "),
            // chunks, then nothing
            stall(
                Map.of("Content-Type", "application/json", "Transfer-Encoding", "chunked"),
                "5\r\n{\"a\":\r\n"));
    for (CompletableFuture<Long> stall : stalls) {
      long millis =
          stall.orTimeout(BOUND_MILLIS + 5_000, java.util.concurrent.TimeUnit.MILLISECONDS).join();
      assertThat(millis).isBetween(BOUND_MILLIS - 1_000, BOUND_MILLIS + 3_000);
    }
  }
}
