package io.omnimargin.service.cluster;

import io.omnimargin.cluster.broadcast.BroadcastMarginInputs;
import io.omnimargin.hub.port.MarginInputs;
import io.omnimargin.service.store.RedisLedgerOwners;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * In a cluster, a replica is ready once it has applied the broadcast state present when it started
 * (the latest price of every asset and source, every route's health: before that it would refuse
 * orders as stale-priced that its peers accept) and it can answer for the ledger: it owns it, with
 * the ledger loaded, or it knows the replica that does and forwards to it. On a partitioned ledger
 * it must also have loaded every partition it was assigned and applied its log as far as it reached
 * then.
 */
@Readiness
@Singleton
public class ClusterReadiness implements HealthCheck {
  private final MarginInputs inputs;
  private final ClusterPeers peers;
  private final LedgerEpoch epoch;
  private final PartitionedLedger partitioned;

  ClusterReadiness(
      MarginInputs inputs, ClusterPeers peers, LedgerEpoch epoch, PartitionedLedger partitioned) {
    this.inputs = inputs;
    this.partitioned = partitioned;
    this.peers = peers;
    this.epoch = epoch;
  }

  @Override
  public HealthCheckResponse call() {
    if (!(ClusterBeans.broadcast(inputs) instanceof BroadcastMarginInputs broadcast)) {
      return HealthCheckResponse.named("cluster").up().withData("mode", "one process").build();
    }
    HealthCheckResponseBuilder health =
        HealthCheckResponse.named("cluster")
            .withData("mode", "cluster")
            .withData("replica", peers.replicaId())
            .withData("broadcastCaughtUp", broadcast.caughtUp());
    boolean owns = epoch.serving();
    Optional<RedisLedgerOwners.Owner> current = owns ? Optional.empty() : peers.owner();
    health.withData(
        "ledger",
        owns ? "owner" : current.map(o -> "forwards to " + o.url()).orElse("no owner yet"));
    boolean accounts = true;
    if (partitioned.on()) {
      accounts = partitioned.writer().ready();
      health
          .withData("ledgerPartitions", partitioned.partitions().toString())
          .withData("partitionsCaughtUp", accounts);
    }
    return health.status(broadcast.caughtUp() && (owns || current.isPresent()) && accounts).build();
  }
}
