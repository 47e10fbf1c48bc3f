package io.omnimargin.service.margin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.omnimargin.margin.engine.MarginEngine;
import io.omnimargin.protocol.types.Address;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Anyone may read any address: reading one through the API does not create an account. */
@QuarkusTest
class AccountReadsTest {
  @Inject MarginEngine engine;

  @Test
  void readingAndCheckingUnknownAccountsCreatesNone() {
    int before = engine.accountCount();
    Random random = new Random(11);
    for (int i = 0; i < 200; i++) {
      byte[] bytes = new byte[20];
      random.nextBytes(bytes);
      String address = Address.wrap(bytes).toChecksumHex();
      given()
          .get("/v1/accounts/" + address)
          .then()
          .statusCode(200)
          .body("positions.size()", equalTo(0));
      given()
          .contentType(ContentType.JSON)
          .body(
              "{\"order\":{\"market\":\"ETH-PERP\",\"side\":\"buy\",\"size\":\"1\","
                  + "\"limitPrice\":\"3000\"}}")
          .post("/v1/accounts/" + address + "/margin-check")
          .then()
          .statusCode(200)
          .body("accepted", equalTo(false));
    }
    assertThat(engine.accountCount()).isEqualTo(before);
  }
}
