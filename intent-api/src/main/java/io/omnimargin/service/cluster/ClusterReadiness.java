package io.omnimargin.service.cluster;

import io.omnimargin.cluster.broadcast.BroadcastMarginInputs;
import io.omnimargin.hub.port.MarginInputs;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * In a cluster, a replica is ready only once it has applied the broadcast state present when it
 * started (the latest price of every asset and source, every route's health): before that it would
 * refuse orders as stale-priced that its peers accept.
 */
@Readiness
@Singleton
public class ClusterReadiness implements HealthCheck {
  private final MarginInputs inputs;

  ClusterReadiness(MarginInputs inputs) {
    this.inputs = inputs;
  }

  @Override
  public HealthCheckResponse call() {
    if (inputs instanceof BroadcastMarginInputs broadcast) {
      return HealthCheckResponse.named("cluster-broadcast")
          .status(broadcast.caughtUp())
          .withData("mode", "cluster")
          .build();
    }
    return HealthCheckResponse.named("cluster-broadcast")
        .up()
        .withData("mode", "one process")
        .build();
  }
}
