package io.omnimargin.service.cluster;

import io.omnimargin.service.support.ServiceProcess;
import io.omnimargin.testsupport.KafkaBroker;
import io.omnimargin.testsupport.RedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Replicas of the packaged service in cluster mode, each in its own directory under one work dir.
 */
final class Replicas {
  private Replicas() {}

  /** Starts replica {@code name} on the broker and Redis, auctions off, plus {@code extra}. */
  static ServiceProcess start(
      Path work, KafkaBroker broker, RedisServer redis, String name, String... extra)
      throws Exception {
    List<String> properties =
        new ArrayList<>(
            List.of(
                "-Domnimargin.cluster.kafka-bootstrap-servers=" + broker.bootstrapServers(),
                "-Domnimargin.cluster.replica-id=" + name,
                "-Domnimargin.store=redis",
                "-Dquarkus.redis.hosts=" + redis.url(),
                "-Domnimargin.auction.enabled=false"));
    properties.addAll(List.of(extra));
    return ServiceProcess.start(
        Files.createDirectories(work.resolve(name)), name, properties.toArray(String[]::new));
  }

  /** The replica whose readiness says it owns the ledger. */
  static ServiceProcess owner(List<ServiceProcess> replicas) throws Exception {
    return findOwner(replicas).orElseThrow(() -> new AssertionError("no replica owns the ledger"));
  }

  /** The replica whose readiness says it owns the ledger, if one does now. */
  static java.util.Optional<ServiceProcess> findOwner(List<ServiceProcess> replicas)
      throws Exception {
    for (ServiceProcess r : replicas) {
      ClusterHttp.Answer ready =
          ClusterHttp.get("http://127.0.0.1:" + r.managementPort, "/q/health/ready");
      if (ready.body().toString().contains("\"ledger\":\"owner\"")) {
        return java.util.Optional.of(r);
      }
    }
    return java.util.Optional.empty();
  }
}
