package io.omnimargin.service.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.service.support.LogCapture;
import io.omnimargin.service.support.MutableClock;
import io.omnimargin.solver.SolverClient;
import io.omnimargin.solver.example.ReferencePriceMaker;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The walkthrough of {@code docs/api.md}, as a new user runs it: the service in the {@code local}
 * profile, the example solver started with the documented command's arguments (its development key,
 * its prices), then the documented requests. The intent ends {@code FILLED} by that solver, the
 * account holds the position, a late cancel is refused, and the service's log says so. The page's
 * commands are read, so that they cannot drift from what is tested.
 */
@QuarkusTest
@TestProfile(WalkthroughTest.Local.class)
class WalkthroughTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  public static class Local implements QuarkusTestProfile {
    @Override
    public String getConfigProfile() {
      return "local";
    }

    @Override
    public java.util.Map<String, String> getConfigOverrides() {
      return java.util.Map.of(
          "quarkus.http.test-port",
          "0",
          "quarkus.management.test-port",
          "0",
          // as in the test profile (see application.properties)
          "quarkus.log.category.\"io.micrometer.core.instrument.MeterRegistry\".level",
          "ERROR",
          // a new user's first run: an empty data directory, not the last run's
          "omnimargin.data-dir",
          freshDataDir());
    }
  }

  @Inject MutableClock clock;

  private static String freshDataDir() {
    try {
      return Files.createTempDirectory("walkthrough-data").toString();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The walkthrough's section of the API page. */
  static String walkthrough() throws IOException {
    String page = Files.readString(Path.of("..", "docs", "api.md"));
    int start = page.indexOf("## Walkthrough with curl");
    return page.substring(start, page.indexOf("\n## ", start + 1));
  }

  static String find(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as("the walkthrough has %s", regex).isTrue();
    return m.group(1);
  }

  @Test
  void theIntentIsAwardedToTheExampleSolverAndFilled() throws Exception {
    String page = walkthrough();
    // the documented solver command: hub, development key, reference prices
    String[] args =
        find(page, "exec:java -Dexec.args=\"([^\"]+)\"")
            .replace("http://localhost:8080", "http://localhost:" + RestAssured.port)
            .split(" ");
    PrivateKey solver = PrivateKey.fromHex(args[1]);
    String pushedBtc = find(page, "\"asset\": \"BTC\", \"price\": \"([0-9.]+)\"");
    assertThat(List.of(args))
        .as("the solver quotes the price pushed")
        .contains("BTC-PERP=" + pushedBtc);
    // the documented intent and cancel are the fixture's, exactly
    JsonNode fixture = walkthroughCase(page);
    ObjectNode submission = JSON.createObjectNode();
    submission.set("order", fixture.get("order"));
    submission.set("signature", fixture.get("signature"));
    String account = fixture.at("/order/user").asText();
    assertThat(page)
        .contains("A=" + account, fixture.at("/cancel/signature").asText())
        .contains("S=" + solver.address().toChecksumHex());
    clock.set(java.time.Instant.now()); // the SDK signs its registration on the real clock

    try (LogCapture log = LogCapture.capture(Level.INFO);
        SolverClient maker = ReferencePriceMaker.start(args)) {
      awaitTrue("the solver's session", maker::streaming);
      fund(account);
      fund(solver.address().toChecksumHex());
      pushPrices(pushedBtc);
      String id =
          post("/v1/intents", submission.toString())
              .statusCode(202)
              .body("status", equalTo("OPEN"))
              .extract()
              .path("orderId");
      awaitTrue("FILLED", () -> "FILLED".equals(status(id)));

      given()
          .get("/v1/auctions/" + id)
          .then()
          .body("winner", equalTo(solver.address().toChecksumHex()));
      JsonNode account0 = JSON.readTree(given().get("/v1/accounts/" + account).asString());
      assertThat(account0.toString()).contains("BTC-PERP");
      post(
              "/v1/intents/" + id + "/cancel",
              "{\"signature\": \"" + fixture.at("/cancel/signature").asText() + "\"}")
          .statusCode(409)
          .body("code", equalTo("already-filled"));

      // what an operator reads: the registration, the award, the fill, the refusal by its code
      assertThat(String.join("\n", log.lines()))
          .contains("solver " + solver.address() + " registered")
          .contains("intent " + id + " of " + account)
          .contains(": AWARDED (awarded to " + solver.address())
          .contains(": FILLED (filled by " + solver.address())
          .contains("/cancel refused: already-filled");
    }
  }

  /** The fixture case whose order the walkthrough submits. */
  private static JsonNode walkthroughCase(String page) throws IOException {
    for (JsonNode c : FixtureReplayTest.ordersFixture().get("cases")) {
      if (c.has("order") && page.contains(c.get("signature").asText())) {
        assertThat(page).contains(c.get("order").get("orderData").asText());
        return c;
      }
    }
    throw new AssertionError("the walkthrough's intent is not a fixture case");
  }

  private void fund(String account) {
    post(
            "/v1/dev/collateral",
            "{\"account\": \""
                + account
                + "\", \"chainId\": \"1\", \"asset\": \"ETH\","
                + " \"amount\": \"10\"}")
        .statusCode(200);
  }

  private void pushPrices(String btc) {
    long now = clock.instant().getEpochSecond(); // the service's clock: January 2027
    post(
            "/v1/oracle/prices",
            "{\"prices\": [{\"asset\": \"ETH\", \"price\": \"3000\", \"publishTime\": "
                + now
                + "}, {\"asset\": \"BTC\", \"price\": \""
                + btc
                + "\", \"publishTime\": "
                + now
                + "}]}")
        .statusCode(200);
  }

  private static io.restassured.response.ValidatableResponse post(String path, String body) {
    return given().contentType(ContentType.JSON).body(body).post(path).then();
  }

  private static String status(String id) {
    return given().get("/v1/intents/" + id).then().extract().path("status");
  }

  private static void awaitTrue(String what, java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(25);
    }
  }
}
