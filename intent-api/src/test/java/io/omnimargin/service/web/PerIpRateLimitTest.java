package io.omnimargin.service.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

import io.omnimargin.service.support.Management;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One client address over its budget gets 429 with Retry-After before any work is done. */
@QuarkusTest
@TestProfile(PerIpRateLimitTest.TightIpLimit.class)
class PerIpRateLimitTest {
  public static class TightIpLimit implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "omnimargin.intake.per-ip-per-second", "1",
          "omnimargin.intake.per-ip-burst", "3");
    }
  }

  @Test
  void aFloodFromOneAddressIsLimited() {
    String unknown = "/v1/intents/0x" + "ab".repeat(32);
    for (int i = 0; i < 3; i++) {
      given().get(unknown).then().statusCode(404);
    }
    given()
        .get(unknown)
        .then()
        .statusCode(429)
        .contentType("application/problem+json")
        .body("code", equalTo("rate-limited"))
        .header("Retry-After", matchesPattern("\\d+"));
    // Probes use the management interface, which the limit does not cover.
    Management.given().get("/q/health/live").then().statusCode(200);
  }
}
