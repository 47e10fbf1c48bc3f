package io.omnimargin.service.cluster;

import io.omnimargin.cluster.broadcast.BroadcastMarginInputs;
import io.omnimargin.cluster.broadcast.BroadcastSettings;
import io.omnimargin.cluster.partition.PartitionedMarginBook;
import io.omnimargin.cluster.partition.PartitionedMarginInputs;
import io.omnimargin.hub.intent.IntentStore;
import io.omnimargin.hub.port.MarginInputs;
import io.omnimargin.margin.engine.MarginBook;
import io.omnimargin.margin.engine.MarginEngine;
import io.omnimargin.service.config.OmnimarginConfig;
import io.omnimargin.service.margin.stream.ChannelMarginInputs;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
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
  MarginInputs marginInputs(
      ChannelMarginInputs local, OmnimarginConfig config, PartitionedLedger partitioned) {
    OmnimarginConfig.Cluster cluster = config.cluster();
    if (cluster.kafkaBootstrapServers().isEmpty()) {
      return local;
    }
    BroadcastSettings settings = settings(cluster, cluster.broadcastTopic());
    LOG.infof(
        "cluster mode: replica %s reads broadcast topic %s on %s",
        settings.replicaId(), settings.topic(), settings.bootstrapServers());
    BroadcastMarginInputs broadcast = BroadcastMarginInputs.start(local, settings);
    if (!partitioned.on()) {
      return broadcast;
    }
    // accounts change through their partitions' owners; prices and routes still broadcast
    return new PartitionedMarginInputs(
        partitioned.writer(), partitioned.shards(), broadcast, cluster.timeout());
  }

  void close(@Disposes MarginInputs inputs) {
    if (broadcast(inputs) instanceof BroadcastMarginInputs broadcast) {
      broadcast.close();
    }
  }

  /** The broadcast inputs behind the workflows' inputs (themselves unless partitioned). */
  static MarginInputs broadcast(MarginInputs inputs) {
    return inputs instanceof PartitionedMarginInputs partitioned ? partitioned.markets() : inputs;
  }

  /**
   * The workflows' margin book: the engine itself, which holds every account (one process, or the
   * single writer), or, on a partitioned ledger, the partitions' owners reached through the log.
   */
  @Produces
  @Singleton
  MarginBook marginBook(
      MarginEngine engine,
      PartitionedLedger partitioned,
      OmnimarginConfig config,
      Instance<IntentStore> intents) {
    if (!partitioned.on()) {
      return engine;
    }
    return new PartitionedMarginBook(
        partitioned.writer(),
        partitioned.store(),
        partitioned.partitioner(),
        engine,
        config.cluster().timeout(),
        // looked up when asked: the store's own beans hold the margin gate, which holds this book
        (account, id) ->
            intents
                .get()
                .find(id)
                .filter(i -> i.status().isLive() && i.order().user().equals(account))
                .isPresent());
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
