package io.omnimargin.service.web;

import static io.omnimargin.service.support.Api.submit;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.omnimargin.service.support.Wallet;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Submits the ethers-signed fixture intents whose domain is the service's, exactly as given, and
 * cancels them with the fixture's signed cancels. The service's clock is the test clock (January
 * 2027), before the fixtures' deadlines.
 */
@QuarkusTest
class FixtureReplayTest {

  /** {@code eip712-orders.json} from the shared folder, or a failure that says what to do. */
  static JsonNode ordersFixture() throws IOException {
    Path file =
        Path.of(System.getProperty("shared.dir", "../../shared"), "fixtures", "eip712-orders.json");
    if (!Files.isReadable(file)) {
      throw new IllegalStateException(
          "fixture file "
              + file.toAbsolutePath().normalize()
              + " is missing: put the shared folder beside this repository (../shared), or set"
              + " -Dshared.dir");
    }
    return new ObjectMapper().readTree(file.toFile());
  }

  @Test
  void walletSignedFixturesAreAcceptedAndCancelled() throws Exception {
    JsonNode file = ordersFixture();
    List<JsonNode> ours = new ArrayList<>();
    for (JsonNode c : file.get("cases")) {
      JsonNode d = c.get("domain");
      if (d.get("chainId").asText().equals(Wallet.DOMAIN.chainId().toString())
          && d.get("verifyingContract")
              .asText()
              .equalsIgnoreCase(Wallet.DOMAIN.verifyingContract().toLowerHex())) {
        ours.add(c);
      }
    }
    assertThat(ours).as("fixture cases signed for the service's domain").isNotEmpty();

    for (JsonNode c : ours) {
      ObjectNode body = new ObjectMapper().createObjectNode();
      body.set("order", c.get("order"));
      body.set("signature", c.get("signature"));
      submit(body.toString())
          .statusCode(202)
          .body("orderId", equalTo(c.get("orderId").asText()))
          .body("user", equalTo(c.get("order").get("user").asText()));

      String id = c.get("orderId").asText();
      given()
          .contentType(ContentType.JSON)
          .body("{\"signature\":\"" + c.get("cancel").get("signature").asText() + "\"}")
          .post("/v1/intents/" + id + "/cancel")
          .then()
          .statusCode(200)
          .body("status", equalTo("CANCELLED"));
    }
  }
}
