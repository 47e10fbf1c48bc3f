package io.omnimargin.service.margin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** As in production: no faucet, no route control, and price pushes need the operator's token. */
@QuarkusTest
@TestProfile(DevModeOffTest.ProductionLike.class)
class DevModeOffTest {
  public static class ProductionLike implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("omnimargin.dev-mode", "false", "omnimargin.oracle.push-token", "s3cret");
    }
  }

  @Test
  void developmentEndpointsAreRefused() {
    given()
        .contentType(ContentType.JSON)
        .body(
            "{\"account\":\"0x0000000000000000000000000000000000000001\",\"chainId\":\"1\",\"asset\":\"ETH\",\"amount\":\"1\"}")
        .post("/v1/dev/collateral")
        .then()
        .statusCode(403)
        .body("code", equalTo("dev-mode-disabled"));
    given()
        .contentType(ContentType.JSON)
        .body("{\"chainId\":\"1\",\"live\":false}")
        .post("/v1/dev/routes")
        .then()
        .statusCode(403)
        .body("code", equalTo("dev-mode-disabled"));
  }

  @Test
  void pricePushesNeedTheToken() {
    String body =
        "{\"prices\":[{\"asset\":\"ETH\",\"price\":\"3000\",\"publishTime\":1800000000}]}";
    given()
        .contentType(ContentType.JSON)
        .body(body)
        .post("/v1/oracle/prices")
        .then()
        .statusCode(401)
        .body("code", equalTo("unauthorized"));
    given()
        .contentType(ContentType.JSON)
        .header("Authorization", "Bearer s3cret")
        .body(body)
        .post("/v1/oracle/prices")
        .then()
        .statusCode(200)
        .body("applied", equalTo(1));
  }
}
