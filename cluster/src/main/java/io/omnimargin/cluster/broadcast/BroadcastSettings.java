package io.omnimargin.cluster.broadcast;

import java.time.Duration;
import java.util.Objects;

/**
 * Where the broadcast log lives.
 *
 * @param bootstrapServers the Kafka brokers, {@code host:port,...}
 * @param replicaId this replica's name, unique in the cluster (tells its own records apart)
 * @param topic the compacted topic every replica reads whole
 * @param replicationFactor copies of the topic the brokers keep (1 on a laptop, 3 in production)
 * @param timeout how long a publisher waits for its own replica to apply what it published
 */
public record BroadcastSettings(
    String bootstrapServers,
    String replicaId,
    String topic,
    short replicationFactor,
    Duration timeout) {
  public BroadcastSettings {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(replicaId, "replicaId");
    Objects.requireNonNull(topic, "topic");
    if (replicationFactor < 1) {
      throw new IllegalArgumentException("replicationFactor must be at least 1");
    }
  }
}
