package io.omnimargin.service.auction;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.eip712.SolverRegistration;
import io.omnimargin.service.support.MutableClock;
import io.omnimargin.service.support.Wallet;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** A signed registration is good once, and only while fresh: a replay cannot set the name back. */
@QuarkusTest
@TestProfile(AuctionApiTest.Solvers.class)
class RegistrationReplayTest {
  static final PrivateKey C = AuctionApiTest.SOLVER_C;

  @Inject MutableClock clock;

  private static String body(String name, String issuedAt, SolverRegistration signed) {
    return "{\"registration\":{\"solver\":\""
        + C.address().toChecksumHex()
        + "\",\"name\":\""
        + name
        + "\",\"issuedAt\":"
        + issuedAt
        + "},\"signature\":\""
        + C.sign(signed.digest(Wallet.DOMAIN)).toHex()
        + "\"}";
  }

  private static ValidatableResponse register(String name, long issuedAt) {
    SolverRegistration r = new SolverRegistration(C.address(), name, issuedAt);
    return given()
        .contentType(ContentType.JSON)
        .body(body(name, Long.toString(issuedAt), r))
        .post("/v1/solvers/registrations")
        .then();
  }

  @Test
  void aReplayedOrStaleRegistrationIsRefused() {
    long now = clock.instant().getEpochSecond();
    register("honest", now - 100).statusCode(201).body("name", equalTo("honest"));
    register("honest", now - 100)
        .statusCode(403)
        .contentType("application/problem+json")
        .body("code", equalTo("registration-refused"))
        .body("detail", containsString("not after"));
    register("renamed", now - 99).statusCode(201).body("name", equalTo("renamed"));
    register("honest", now - 100).statusCode(403).body("code", equalTo("registration-refused"));

    register("ancient", 1)
        .statusCode(403)
        .body("code", equalTo("registration-refused"))
        .body("detail", containsString("hub's clock"));
    register("far", now + 3600).statusCode(403).body("detail", containsString("hub's clock"));
    SolverRegistration max = new SolverRegistration(C.address(), "max", Long.MAX_VALUE);
    given()
        .contentType(ContentType.JSON)
        .body(body("max", Long.toString(Long.MAX_VALUE), max))
        .post("/v1/solvers/registrations")
        .then()
        .statusCode(403)
        .body("code", equalTo("registration-refused"));
  }
}
