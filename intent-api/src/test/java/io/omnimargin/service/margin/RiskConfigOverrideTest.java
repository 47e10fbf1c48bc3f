package io.omnimargin.service.margin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.service.support.MutableClock;
import io.omnimargin.testsupport.SignedOrders;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Risk overrides from configuration reach the valuation the API shows. */
@QuarkusTest
@TestProfile(RiskConfigOverrideTest.Overrides.class)
class RiskConfigOverrideTest {
  public static class Overrides implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "omnimargin.margin.collateral.\"ETH@1\".haircut", "0.2",
          "omnimargin.margin.routes.\"1\".discount", "0.9");
    }
  }

  @Test
  void aConfiguredHaircutAndRouteDiscountAreUsed() {
    PrivateKey key = SignedOrders.key(801);
    MarginApiTest.fund(key, "1", "ETH", "1");
    given()
        .contentType(ContentType.JSON)
        .body(
            "{\"prices\":[{\"asset\":\"ETH\",\"price\":\"1000\",\"publishTime\":"
                + MutableClock.START.getEpochSecond()
                + "}]}")
        .post("/v1/oracle/prices")
        .then()
        .statusCode(200);

    given()
        .get(MarginApiTest.account(key))
        .then()
        .statusCode(200)
        .body("collateral[0].haircut", equalTo("0.2"))
        .body("collateral[0].messagingDiscount", equalTo("0.9"))
        .body("collateral[0].weightMaintenance", equalTo("0.72"))
        .body("avMaintenance", equalTo("720"));
  }
}
