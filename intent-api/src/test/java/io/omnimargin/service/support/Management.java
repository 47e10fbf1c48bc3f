package io.omnimargin.service.support;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The running test service's management interface, where health, metrics and the OpenAPI document
 * are served (never on the API port).
 */
public final class Management {
  private Management() {}

  /** REST Assured aimed at the management interface. */
  public static RequestSpecification given() {
    URI url = URI.create(ConfigProvider.getConfig().getValue("test.management.url", String.class));
    return RestAssured.given().baseUri(url.getScheme() + "://" + url.getHost()).port(url.getPort());
  }
}
