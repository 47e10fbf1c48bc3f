package io.omnimargin.service.cluster;

import static io.restassured.RestAssured.given;
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
