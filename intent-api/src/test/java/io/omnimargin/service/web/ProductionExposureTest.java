package io.omnimargin.service.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.omnimargin.service.support.Management;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The service as the {@code prod} profile builds and runs it: the API port serves the API only;
 * health, metrics and the OpenAPI document are on the management interface, its own port, which a
 * cluster keeps internal; Swagger UI is not served at all.
 */
@QuarkusTest
@TestProfile(ProductionExposureTest.Prod.class)
class ProductionExposureTest {
  public static class Prod implements QuarkusTestProfile {
    @Override
    public String getConfigProfile() {
      return "prod";
    }

    @Override
    public Map<String, String> getConfigOverrides() {
      // both on free ports (Micrometer tags a server's meters with its port only when the port is
      // fixed, and the two servers' meters must agree on their tags)
      return Map.of(
          "quarkus.http.test-port",
          "0",
          "quarkus.management.test-port",
          "0",
          // as in the test profile (see application.properties)
          "quarkus.log.category.\"io.micrometer.core.instrument.MeterRegistry\".level",
          "ERROR");
    }
  }

  @Test
  void theApiPortServesNoManagementEndpoints() {
    for (String path :
        new String[] {
          "/q/metrics", "/q/health", "/q/health/ready", "/q/openapi", "/q/swagger-ui/"
        }) {
      given().get(path).then().statusCode(404);
    }
    given().get("/v1/settlement").then().statusCode(200);
  }

  @Test
  void healthMetricsAndTheApiDocumentAreOnTheManagementPort() {
    Management.given()
        .get("/q/health/ready")
        .then()
        .statusCode(200)
        .body("checks.find { it.name == 'intent-store' }.status", equalTo("UP"));
    Management.given().get("/q/health/live").then().statusCode(200);
    Management.given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_"));
    Management.given()
        .get("/q/openapi?format=json")
        .then()
        .statusCode(200)
        .body(containsString("/v1/intents"));
    Management.given().get("/q/swagger-ui/").then().statusCode(404);
  }
}
