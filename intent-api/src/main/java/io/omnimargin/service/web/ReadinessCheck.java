package io.omnimargin.service.web;

import io.omnimargin.hub.intent.IntentStore;
import io.omnimargin.protocol.types.OrderId;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the intent store answers a lookup (for Redis: the server is reachable). */
@Readiness
@Singleton
public class ReadinessCheck implements HealthCheck {
  private static final OrderId PROBE = OrderId.parse("0x" + "00".repeat(32));
  private final IntentStore store;

  ReadinessCheck(IntentStore store) {
    this.store = store;
  }

  @Override
  public HealthCheckResponse call() {
    try {
      store.find(PROBE);
      return HealthCheckResponse.named("intent-store")
          .up()
          .withData("store", store.getClass().getSimpleName())
          .build();
    } catch (RuntimeException e) {
      return HealthCheckResponse.named("intent-store")
          .down()
          .withData("error", String.valueOf(e.getMessage()))
          .build();
    }
  }
}
