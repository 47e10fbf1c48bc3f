package io.omnimargin.cluster.partition;

import io.omnimargin.protocol.types.Address;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;

/**
 * Which ledger partition holds an account: Kafka's own choice for a record keyed by the account's
 * 20 bytes (murmur2 of the key, modulo the partition count), so a command produced with that key
 * lands on the partition this names. With the system accounts known ({@link #withSystem}), each of
 * their shards is on its own partition instead: shard p on p, so the system accounts themselves
 * (shard 0), which hold the tokens the treasury and seizures put in the vaults, are on partition 0.
 */
public record LedgerPartitioner(int partitions, Optional<SystemShards> system) {

  public LedgerPartitioner {
    if (partitions < 1) {
      throw new IllegalArgumentException("at least one partition, not " + partitions);
    }
  }

  /** System accounts hash as any account does (and a partition's ledger refuses them). */
  public LedgerPartitioner(int partitions) {
    this(partitions, Optional.empty());
  }

  /** The same partitions, with each shard of the system accounts on its own partition. */
  public LedgerPartitioner withSystem(SystemShards shards) {
    return new LedgerPartitioner(partitions, Optional.of(shards));
  }

  public int of(Address account) {
    if (system.isPresent()) {
      OptionalInt shard = system.get().partitionOf(account);
      if (shard.isPresent() && shard.getAsInt() < partitions) {
        return shard.getAsInt();
      }
    }
    return BuiltInPartitioner.partitionForKey(account.toArray(), partitions);
  }
}
