package io.omnimargin.service.cluster;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/**
 * The owner's hand-off endpoint takes intents only from a peer with the cluster's forwarding key:
 * one process has none, so a caller with any key, or none, is refused and nothing is announced.
 */
@QuarkusTest
class IntentHandoffResourceTest {
  private static final String BODY = "{\"orderIds\":[\"0x" + "ab".repeat(32) + "\"]}";

  @Test
  void theLargestHandOffPassesTheBodyLimitEveryV1RequestHas() {
    int most = IntentHandoff.batchFor(16_384); // omnimargin.intake.max-body-bytes's default
    assertThat(most).isGreaterThan(200);
    StringBuilder body = new StringBuilder("{\"orderIds\":[");
    for (int i = 0; i < most; i++) {
      body.append(i == 0 ? "" : ",").append(String.format("\"0x%064x\"", i + 1));
    }
    body.append("]}");
    given()
        .contentType(ContentType.JSON)
        .header(ClusterPeers.FORWARD_KEY, "guessed")
        .body(body.toString())
        .post(IntentHandoff.PATH)
        .then()
        .statusCode(401) // through the guards, refused for the key alone
        .body("code", equalTo("unauthorized"));
    assertThat(IntentHandoff.batchFor(1_000)).as("a small limit, small batches").isEqualTo(13);
  }

  @Test
  void aCallerWithoutTheClustersKeyIsRefused() {
    for (String key : new String[] {null, "guessed"}) {
      var request = given().contentType(ContentType.JSON).body(BODY);
      if (key != null) {
        request = request.header(ClusterPeers.FORWARD_KEY, key);
      }
      request
          .post(IntentHandoff.PATH)
          .then()
          .statusCode(401)
          .contentType("application/problem+json")
          .body("code", equalTo("unauthorized"));
    }
  }
}
