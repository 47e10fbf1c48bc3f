package io.omnimargin.cluster.partition;

/**
 * Where ledger partitions are kept between owners (Redis in a cluster). Each partition has an
 * epoch; an owner takes the partition over by moving it on, and the store takes that owner's
 * commits only while the epoch is still its own.
 */
public interface PartitionStore {

  /** Moves the partition's epoch on and answers the new one: former owners can write no more. */
  long takeOver(int partition);

  /** The partition as last committed (empty before its first commit). */
  PartitionState load(int partition);

  /** Partitions 0 to {@code partitions − 1} as committed, all read at one instant. */
  java.util.List<PartitionState> loadAll(int partitions);

  /** Which of {@code legKeys} the partition has applied (the outbox relay's acknowledgement). */
  java.util.Set<String> applied(int partition, java.util.Collection<String> legKeys);

  /**
   * Writes the commit whole, if {@code epoch} is still the partition's.
   *
   * @return false, and nothing written, when another owner has taken the partition over
   * @throws DivergedStore when the partition's stored offset is not the one the commit follows
   */
  boolean commit(long epoch, PartitionCommit commit);

  /**
   * The store does not hold what its owner committed (a Redis failover lost acknowledged writes):
   * the owner must load the partition again and read its log from the offset the store holds.
   */
  final class DivergedStore extends IllegalStateException {
    public DivergedStore(String message) {
      super(message);
    }
  }
}
