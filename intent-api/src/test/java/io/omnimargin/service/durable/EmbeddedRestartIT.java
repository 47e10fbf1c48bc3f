package io.omnimargin.service.durable;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.eip712.GaslessCrossChainOrder;
import io.omnimargin.protocol.eip712.SolverRegistration;
import io.omnimargin.protocol.types.OrderId;
import io.omnimargin.service.support.ServiceProcess;
import io.omnimargin.service.support.Wallet;
import io.omnimargin.testsupport.AnvilNode;
import io.omnimargin.testsupport.SignedOrders;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #16 through real processes: the packaged service in the {@code local} profile with the
 * default store (embedded, {@code ./data} under its working directory) accepts intents, funds an
 * account through the dev faucet and cancels one intent; it is killed with SIGKILL and started
 * again on the same directory. Every acknowledged intent is there with its status and history, the
 * cancelled order cannot be replayed nor its nonce reused, the ledger still holds the collateral
 * and the reservations of the open intents are back; the solver registered before the kill is
 * registered still and its registration cannot be replayed. A second process on the directory is
 * refused with one line. (The settlement journal, fronts and pending seizures are proven to survive
 * {@code kill -9} in store-embedded's EmbeddedStorageCrashTest: settlement needs chains to drive
 * them through HTTP.)
 */
class EmbeddedRestartIT {
  private static final String[] LOCAL = {"-Domnimargin.auction.enabled=false"};
  private static final PrivateKey TRADER = SignedOrders.key(1601);

  /** The solver the local profile allows (anvil's first dev account). */
  private static final PrivateKey SOLVER = PrivateKey.fromHex(AnvilNode.DEV_KEY);

  @TempDir Path work;

  @Test
  @Timeout(300)
  @SuppressWarnings("unchecked") // the account's JSON, read as maps
  void whatWasAcknowledgedSurvivesKillMinus9() throws Exception {
    long deadline = System.currentTimeMillis() / 1000 + 3600;
    List<String> ids = new ArrayList<>();
    List<String> bodies = new ArrayList<>();
    String registration = registration(System.currentTimeMillis() / 1000);
    try (ServiceProcess first = ServiceProcess.start(work, "first", LOCAL).awaitReady()) {
      assertThat(first.log()).contains("Store: embedded (SQLite) in " + work.resolve("data"));
      fund(first, "10");
      prices(first);
      for (int nonce = 1; nonce <= 4; nonce++) {
        bodies.add(Wallet.signed(TRADER, order(nonce, 1, deadline)));
        ids.add(accept(first, bodies.get(nonce - 1)));
      }
      api(first)
          .contentType(ContentType.JSON)
          .body(Wallet.cancelBody(TRADER, OrderId.parse(ids.get(1))))
          .post("/v1/intents/" + ids.get(1) + "/cancel")
          .then()
          .statusCode(200)
          .body("status", equalTo("CANCELLED"));
      register(first, registration).statusCode(201).body("name", equalTo("restart desk"));
      secondProcessIsRefused();
      assertThat(first.log())
          .as("the launcher says which JVM it chose")
          .contains("omnimargin: java ");
      assertThat(first.killMinus9()).isEqualTo(137);
    }

    try (ServiceProcess again = ServiceProcess.start(work, "again", LOCAL).awaitReady()) {
      assertThat(again.log()).contains("Margin ledger: SqliteLedgerStore, 1 accounts loaded");
      assertThat(again.log())
          .contains("Solver registry: 1 registered solver(s) restored from the embedded store");
      // the solver is registered still, and its registration cannot be replayed
      api(again).get("/solvers/" + SOLVER.address().toChecksumHex()).then().statusCode(200);
      register(again, registration)
          .statusCode(403)
          .body("code", equalTo("registration-refused"))
          .body("detail", containsString("not after this solver's last registration"));
      for (int i = 0; i < ids.size(); i++) {
        List<String> history =
            api(again)
                .get("/v1/intents/" + ids.get(i))
                .then()
                .statusCode(200)
                .extract()
                .path("history.status");
        assertThat(history)
            .as("history of intent %d", i + 1)
            .containsExactlyElementsOf(i == 1 ? List.of("OPEN", "CANCELLED") : List.of("OPEN"));
      }
      List<String> listed =
          api(again)
              .queryParam("user", TRADER.address().toChecksumHex())
              .get("/v1/intents")
              .then()
              .statusCode(200)
              .extract()
              .path("items.orderId");
      assertThat(listed).containsExactlyInAnyOrderElementsOf(ids);

      // prices are not kept (feeds push them again); intake's margin check needs them
      prices(again);
      // the cancelled order replayed: still the one cancelled intent, not a new open one
      submit(again, bodies.get(1))
          .statusCode(202)
          .body("duplicate", equalTo(true))
          .body("status", equalTo("CANCELLED"));
      // its nonce stays spent for any other order
      submit(again, Wallet.signed(TRADER, order(2, 2, deadline)))
          .statusCode(409)
          .body("code", equalTo("nonce-reused"));

      Map<String, Object> account =
          api(again)
              .get("/v1/accounts/" + TRADER.address().toChecksumHex())
              .then()
              .statusCode(200)
              .extract()
              .path("");
      assertThat(account.get("openReservations")).isEqualTo(3);
      List<Map<String, Object>> collateral = (List<Map<String, Object>>) account.get("collateral");
      assertThat(collateral)
          .anySatisfy(
              c -> {
                assertThat(c.get("chainId")).isEqualTo("1");
                assertThat(c.get("asset")).isEqualTo("ETH");
                assertThat(new java.math.BigDecimal((String) c.get("amount")))
                    .isEqualByComparingTo("10");
              });
      assertThat(again.killMinus9()).isEqualTo(137);
    }
  }

  /** A second service on the same directory stops at start-up with one line and exit code 1. */
  private void secondProcessIsRefused() throws Exception {
    try (ServiceProcess second = ServiceProcess.start(work, "second", LOCAL)) {
      assertThat(second.awaitExit()).isEqualTo(1);
      assertThat(second.log())
          .containsPattern(
              "ERROR .* omnimargin\\.data-dir: data directory "
                  + java.util.regex.Pattern.quote(work.resolve("data").toString())
                  + " is in use by another process \\(pid \\d+\\); stop that process or set"
                  + " another omnimargin\\.data-dir")
          .doesNotContain("\tat ");
    }
  }

  /** The body of a registration of the local profile's allowed solver, signed. */
  private static String registration(long issuedAt) {
    SolverRegistration r = new SolverRegistration(SOLVER.address(), "restart desk", issuedAt);
    return "{\"registration\":{\"solver\":\""
        + SOLVER.address().toChecksumHex()
        + "\",\"name\":\"restart desk\",\"issuedAt\":"
        + issuedAt
        + "},\"signature\":\""
        + SOLVER.sign(r.digest(Wallet.DOMAIN)).toHex()
        + "\"}";
  }

  private static io.restassured.response.ValidatableResponse register(
      ServiceProcess service, String body) {
    return api(service)
        .contentType(ContentType.JSON)
        .body(body)
        .post("/v1/solvers/registrations")
        .then();
  }

  private static GaslessCrossChainOrder order(long nonce, long size, long openDeadline) {
    return Wallet.ORDERS.order(
        TRADER, nonce, openDeadline, SignedOrders.buy("ETH-PERP", size, 3000));
  }

  private static String accept(ServiceProcess service, String body) {
    return submit(service, body)
        .statusCode(202)
        .body("duplicate", equalTo(false))
        .extract()
        .path("orderId");
  }

  private static io.restassured.response.ValidatableResponse submit(
      ServiceProcess service, String body) {
    return api(service).contentType(ContentType.JSON).body(body).post("/v1/intents").then();
  }

  private static void fund(ServiceProcess service, String eth) {
    api(service)
        .contentType(ContentType.JSON)
        .body(
            "{\"account\":\""
                + TRADER.address().toChecksumHex()
                + "\",\"chainId\":\"1\",\"asset\":\"ETH\",\"amount\":\""
                + eth
                + "\"}")
        .post("/v1/dev/collateral")
        .then()
        .statusCode(200);
  }

  private static void prices(ServiceProcess service) {
    long now = System.currentTimeMillis() / 1000;
    api(service)
        .contentType(ContentType.JSON)
        .body(
            "{\"prices\":[{\"asset\":\"ETH\",\"price\":\"3000\",\"publishTime\":"
                + now
                + "},{\"asset\":\"USDC\",\"price\":\"1\",\"publishTime\":"
                + now
                + "}]}")
        .post("/v1/oracle/prices")
        .then()
        .statusCode(200);
  }

  private static RequestSpecification api(ServiceProcess service) {
    return given().baseUri(service.baseUri());
  }
}
