package io.omnimargin.service.web;

import static io.omnimargin.service.support.Api.submit;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.micrometer.core.instrument.MeterRegistry;
import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.service.support.Management;
import io.omnimargin.service.support.Wallet;
import io.omnimargin.testsupport.SignedOrders;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * What an operator relies on: OpenAPI, Swagger UI, health and metrics, on the management interface
 * (its own port; see {@link ProductionExposureTest} for what production serves).
 */
@QuarkusTest
class OperationsEndpointsTest {
  @Inject MeterRegistry meters;

  @Test
  void openApiDescribesTheIntentEndpoints() {
    Management.given()
        .get("/q/openapi?format=json")
        .then()
        .statusCode(200)
        .body(containsString("/v1/intents/{orderId}/cancel"))
        .body(containsString("/v1/intents/{orderId}/events"));
    Management.given().get("/q/swagger-ui/").then().statusCode(200);
  }

  @Test
  void healthReportsTheStore() {
    Management.given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    Management.given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("checks.find { it.name == 'intent-store' }.status", equalTo("UP"));
  }

  @Test
  void metricsCountStatusChanges() {
    PrivateKey key = SignedOrders.key(401);
    submit(Wallet.signed(key, Wallet.order(key, 1, SignedOrders.buy("ETH-PERP", 1, 3000))))
        .statusCode(202);
    Management.given()
        .get("/q/metrics")
        .then()
        .statusCode(200)
        .body(containsString("omnimargin_intents_status_total{status=\"OPEN\"}"))
        .body(containsString("omnimargin_auction_running"));
  }

  @Test
  void theInMemoryServiceOpensNoRedisClient() {
    // a Redis client opened at start-up for nothing registered its pool's gauges twice (a WARN at
    // every start): without omnimargin.store=redis there is no client at all
    assertThat(meters.find("redis.pool.queue.size").meters()).isEmpty();
  }

  @Test
  void theApiPortServesNone() {
    for (String path : new String[] {"/q/metrics", "/q/health/ready", "/q/openapi"}) {
      given().get(path).then().statusCode(404);
    }
  }
}
