package io.omnimargin.service.support;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** The HTTP calls many tests make, through REST Assured against the running test server. */
public final class Api {
  private Api() {}

  public static ValidatableResponse submit(String body) {
    return given().contentType(ContentType.JSON).body(body).when().post("/v1/intents").then();
  }

  public static ValidatableResponse cancel(String orderId, String body) {
    return given()
        .contentType(ContentType.JSON)
        .body(body)
        .post("/v1/intents/" + orderId + "/cancel")
        .then();
  }
}
