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

  /**
   * What the ledger's summary needs of partitions 0 to {@code partitions − 1}, read at one instant:
   * every account, and the outbox legs their target partition has not applied (in flight). Unlike
   * {@link #loadAll} it does not read the applied keys whole, a week of them.
   */
  StoredLedger ledger(int partitions);

  /** Every account as committed, and the legs in flight between partitions. */
  record StoredLedger(
      java.util.List<io.omnimargin.margin.account.Account> accounts,
      java.util.List<OutboundLeg> inFlight) {
    public StoredLedger {
      accounts = java.util.List.copyOf(accounts);
      inFlight = java.util.List.copyOf(inFlight);
    }
  }

  /** Partitions 0 to {@code partitions − 1} as committed, all read at one instant. */
  java.util.List<PartitionState> loadAll(int partitions);

  /**
   * The accounts of partitions 0 to {@code partitions − 1} as committed, read at one instant, and
   * nothing else of them: what the risk monitor scans. Legs in flight are not in them.
   */
  java.util.List<io.omnimargin.margin.account.Account> accounts(int partitions);

  /**
   * One account on each of several partitions ({@code partition → account}), as committed, read at
   * one instant and without their reservations; an account with none stored reads as empty. The
   * waterfall reads the insurance fund's shards so.
   */
  java.util.Map<Integer, io.omnimargin.margin.account.Account> accountsAt(
      java.util.Map<Integer, io.omnimargin.protocol.types.Address> where);

  /**
   * One account of the partition as last committed (empty before its first change), with the
   * reservations it holds: what a replica that does not write the partition reads and values.
   */
  StoredAccount account(int partition, io.omnimargin.protocol.types.Address owner);

  /** An account as committed, and the reservations it holds. */
  record StoredAccount(
      io.omnimargin.margin.account.Account account, java.util.List<Reservation> reservations) {
    public StoredAccount {
      reservations = java.util.List.copyOf(reservations);
    }
  }

  /**
   * What the last commit of each of {@code partitions} left, read at one instant: its offset and
   * its outbox's keys. An owner compares them with what it holds, now and then, to find a commit
   * the store lost (a Redis failover) on a partition that has had nothing to commit since.
   */
  java.util.Map<Integer, Mark> marks(java.util.Collection<Integer> partitions);

  /** A partition's offset and outbox keys as committed. */
  record Mark(long offset, java.util.Set<String> outbox) {
    public Mark {
      outbox = java.util.Set.copyOf(outbox);
    }
  }

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
   * Keeps {@code proposed} as the rate and index of the market's funding interval that ended at
   * {@code intervalEnd}, unless one is kept already, and answers the one kept: every partition is
   * settled at one decision, even when a funding clock that took over proposes another.
   */
  FundingDecision decideFunding(String market, long intervalEnd, FundingDecision proposed);

  /** The decision kept for the market's interval, if any. */
  java.util.Optional<FundingDecision> decided(String market, long intervalEnd);

  /** The funding books of partitions 0 to {@code partitions − 1} ({@link FundingFields}). */
  java.util.List<java.util.Map<String, String>> fundingBooks(int partitions);

  /** A funding interval's index and rate (wad), decided once for the whole ledger. */
  record FundingDecision(java.math.BigInteger index, java.math.BigInteger rate) {
    /** Stored form: {@code index:rate}, exact decimal integers. */
    public String write() {
      return index + ":" + rate;
    }

    public static FundingDecision read(String stored) {
      int colon = stored.indexOf(':');
      return new FundingDecision(
          new java.math.BigInteger(stored.substring(0, colon)),
          new java.math.BigInteger(stored.substring(colon + 1)));
    }
  }

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
