package io.omnimargin.service.web;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.http.ContentType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A member of the wrong JSON type is refused on its field, never read as some value: a what-if's
 * {@code reduceOnly} is true or false (anything else was read as false), a price's {@code
 * publishTime} is a whole number of seconds ({@code 1.7e9} and {@code 1700000000.5} were cut to a
 * second nobody sent). Found by the hostile-input fuzzer.
 */
@io.quarkus.test.junit.QuarkusTest
class WrongTypesTest {
  private static final String ACCOUNT = "0x" + "ab".repeat(20);

  @ParameterizedTest
  @ValueSource(strings = {"0", "1", "\"false\"", "\"true\"", "null", "{}", "[]"})
  void reduceOnlyIsTrueOrFalse(String value) {
    given()
        .contentType(ContentType.JSON)
        .body(
            "{\"order\":{\"market\":\"ETH-PERP\",\"side\":\"buy\",\"size\":\"1\","
                + "\"limitPrice\":\"3000\",\"reduceOnly\":"
                + value
                + "}}")
        .post("/v1/accounts/" + ACCOUNT + "/margin-check")
        .then()
        .statusCode(400)
        .body("code", equalTo("invalid-field"))
        .body("field", equalTo("order.reduceOnly"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"1700000000.5", "1.7e9", "1700000000.0", "\"1700000000\""})
  void publishTimeIsAWholeNumber(String value) {
    given()
        .contentType(ContentType.JSON)
        .body("{\"prices\":[{\"asset\":\"ETH\",\"price\":\"3000\",\"publishTime\":" + value + "}]}")
        .post("/v1/oracle/prices")
        .then()
        .statusCode(400)
        .body("code", equalTo("invalid-field"))
        .body("field", equalTo("prices[0].publishTime"));
  }
}
