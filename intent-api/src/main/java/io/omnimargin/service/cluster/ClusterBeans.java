package io.omnimargin.service.cluster;

import io.omnimargin.cluster.broadcast.BroadcastMarginInputs;
import io.omnimargin.cluster.broadcast.BroadcastSettings;
import io.omnimargin.hub.port.MarginInputs;
import io.omnimargin.service.config.OmnimarginConfig;
import io.omnimargin.service.margin.stream.ChannelMarginInputs;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/**
 * The margin inputs every workflow uses: this process's channels alone (one process, the default),
 * or, with {@code omnimargin.cluster.kafka-bootstrap-servers} set, the channels behind the
 * broadcast topic that brings price ticks and route health to every replica.
 */
@Singleton
public class ClusterBeans {
  private static final Logger LOG = Logger.getLogger(ClusterBeans.class);

  @Produces
  @Singleton
  MarginInputs marginInputs(ChannelMarginInputs local, OmnimarginConfig config) {
    OmnimarginConfig.Cluster cluster = config.cluster();
    if (cluster.kafkaBootstrapServers().isEmpty()) {
      return local;
    }
    BroadcastSettings settings = settings(cluster, cluster.broadcastTopic());
    LOG.infof(
        "cluster mode: replica %s reads broadcast topic %s on %s",
        settings.replicaId(), settings.topic(), settings.bootstrapServers());
    return BroadcastMarginInputs.start(local, settings);
  }

  void close(@Disposes MarginInputs inputs) {
    if (inputs instanceof BroadcastMarginInputs broadcast) {
      broadcast.close();
    }
  }

  /** Starts reading the broadcast topic at start-up, not at the first price push. */
  void start(@Observes StartupEvent event, MarginInputs inputs) {
    // injecting the singleton creates it, which starts the reader
  }

  /** One of the cluster's logs, {@code topic}, as this replica reaches it (cluster mode only). */
  static BroadcastSettings settings(OmnimarginConfig.Cluster cluster, String topic) {
    return new BroadcastSettings(
        cluster.kafkaBootstrapServers().orElseThrow(),
        cluster.replicaId().orElseGet(ClusterPeers::defaultReplicaId),
        topic,
        cluster.replicationFactor(),
        cluster.timeout());
  }
}
