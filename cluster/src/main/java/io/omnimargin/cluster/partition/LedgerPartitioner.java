package io.omnimargin.cluster.partition;

import io.omnimargin.protocol.types.Address;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;

/**
 * Which ledger partition holds an account: Kafka's own choice for a record keyed by the account's
 * 20 bytes (murmur2 of the key, modulo the partition count), so a command produced with that key
 * lands on the partition this names.
 */
public record LedgerPartitioner(int partitions) {

  public LedgerPartitioner {
    if (partitions < 1) {
      throw new IllegalArgumentException("at least one partition, not " + partitions);
    }
  }

  public int of(Address account) {
    return BuiltInPartitioner.partitionForKey(account.toArray(), partitions);
  }
}
