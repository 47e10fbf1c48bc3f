package io.omnimargin.cluster.partition;

import io.omnimargin.margin.clearing.ClearingParameters;
import io.omnimargin.protocol.types.Address;

/**
 * The per-partition shards of the system accounts: partition p's fee pool, insurance fund and
 * settlement pool are the system accounts with p mixed (xor) into their bytes 12–13, accounts only
 * p's engine writes (a partitioner that knows them puts shard p on p; commands may set only their
 * collateral lines, the tokens a treasury or a seizure puts in the vaults). A protocol fee, a
 * payout, a funding residue or a liquidation penalty is then booked on the partition of the account
 * that pays it, and never crosses a partition; {@code GET /v1/ledger} shows each system account as
 * the sum of its shards. Those bytes are zero in the system accounts ({@code 0x…c1ea00000002}), so
 * shard 0 is the account itself: one partition is the ledger of one process.
 */
public final class SystemShards {
  private static final Role[] ROLES = Role.values();
  private final ClearingParameters base;
  // each role's system account's bytes, by ordinal: one copy of an account's bytes is compared with
  // them (the partitioner asks on every command)
  private final byte[][] bases = new byte[ROLES.length][];

  public SystemShards(ClearingParameters base) {
    this.base = base;
    for (Role role : ROLES) {
      bases[role.ordinal()] = shard(role, 0).toArray();
    }
  }

  public ClearingParameters base() {
    return base;
  }

  /** The system accounts that have shards. */
  public enum Role {
    FEE_POOL,
    INSURANCE_FUND,
    SETTLEMENT_POOL
  }

  /** The shard of {@code role} on the partition. */
  public Address shard(Role role, int partition) {
    switch (role) {
      case FEE_POOL:
        return feePool(partition);
      case INSURANCE_FUND:
        return insuranceFund(partition);
      default:
        return settlementPool(partition);
    }
  }

  /** The role of one of the base system accounts (shard 0), if {@code account} is one. */
  public java.util.Optional<Role> roleOf(Address account) {
    int m = match(account);
    return m >= 0 && (m & 0xffff) == 0
        ? java.util.Optional.of(ROLES[m >>> 16])
        : java.util.Optional.empty();
  }

  /** The role of a shard of any partition, if {@code account} is one. */
  public java.util.Optional<Role> roleOfShard(Address account) {
    int m = match(account);
    return m >= 0 ? java.util.Optional.of(ROLES[m >>> 16]) : java.util.Optional.empty();
  }

  /** The fee pool itself (shard 0). */
  public Address feePool() {
    return base.feePool();
  }

  public Address feePool(int partition) {
    return shard(base.feePool(), partition);
  }

  public Address insuranceFund(int partition) {
    return shard(base.insuranceFund(), partition);
  }

  public Address settlementPool(int partition) {
    return shard(base.settlementPool(), partition);
  }

  /** The clearing terms of partition p's engine: its own shards as the system accounts. */
  public ClearingParameters clearing(int partition) {
    return new ClearingParameters(
        insuranceFund(partition),
        feePool(partition),
        settlementPool(partition),
        base.liquidationPenalty(),
        base.insuranceFloor(),
        base.funding());
  }

  /** Whether {@code account} is a shard of the fee pool (of any partition). */
  public boolean isFeePool(Address account) {
    int m = match(account);
    return m >= 0 && ROLES[m >>> 16] == Role.FEE_POOL;
  }

  /** Whether {@code account} is a shard of any system account. */
  public boolean isSystem(Address account) {
    return match(account) >= 0;
  }

  /** The partition whose shard {@code account} is, if it is a shard of a system account. */
  public java.util.OptionalInt partitionOf(Address account) {
    int m = match(account);
    return m >= 0 ? java.util.OptionalInt.of(m & 0xffff) : java.util.OptionalInt.empty();
  }

  /**
   * The role (bits 16 up) and partition (bits 0–15) of the shard {@code account} is, or −1: it is a
   * system account but for bytes 12–13, which xor to the partition.
   */
  private int match(Address account) {
    byte[] a = account.toArray();
    for (Role role : ROLES) {
      byte[] b = bases[role.ordinal()];
      if (sameBut1213(a, b)) {
        return role.ordinal() << 16 | ((a[12] ^ b[12]) & 0xff) << 8 | ((a[13] ^ b[13]) & 0xff);
      }
    }
    return -1;
  }

  private static boolean sameBut1213(byte[] a, byte[] b) {
    for (int i = 0; i < a.length; i++) {
      if (i != 12 && i != 13 && a[i] != b[i]) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SystemShards other && other.base.equals(base);
  }

  @Override
  public int hashCode() {
    return base.hashCode();
  }

  static Address shard(Address base, int partition) {
    if (partition < 0 || partition > 0xffff) {
      throw new IllegalArgumentException("partition " + partition + " out of range");
    }
    byte[] bytes = base.toArray();
    bytes[12] ^= (byte) (partition >>> 8);
    bytes[13] ^= (byte) partition;
    return Address.wrap(bytes);
  }
}
