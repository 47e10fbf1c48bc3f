package io.omnimargin.cluster.partition;

import io.omnimargin.margin.clearing.ClearingParameters;
import io.omnimargin.protocol.types.Address;
import java.util.Arrays;

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
public record SystemShards(ClearingParameters base) {

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
    for (Role role : Role.values()) {
      if (shard(role, 0).equals(account)) {
        return java.util.Optional.of(role);
      }
    }
    return java.util.Optional.empty();
  }

  /** The role of a shard of any partition, if {@code account} is one. */
  public java.util.Optional<Role> roleOfShard(Address account) {
    for (Role role : Role.values()) {
      if (sameBut1213(account, shard(role, 0))) {
        return java.util.Optional.of(role);
      }
    }
    return java.util.Optional.empty();
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
    return sameBut1213(account, base.feePool());
  }

  /** Whether {@code account} is a shard of any system account. */
  public boolean isSystem(Address account) {
    return isFeePool(account)
        || sameBut1213(account, base.insuranceFund())
        || sameBut1213(account, base.settlementPool());
  }

  /** The partition whose shard {@code account} is, if it is a shard of a system account. */
  public java.util.OptionalInt partitionOf(Address account) {
    for (Role role : Role.values()) {
      Address base = shard(role, 0);
      if (sameBut1213(account, base)) {
        byte[] a = account.toArray();
        byte[] b = base.toArray();
        return java.util.OptionalInt.of(((a[12] ^ b[12]) & 0xff) << 8 | ((a[13] ^ b[13]) & 0xff));
      }
    }
    return java.util.OptionalInt.empty();
  }

  private static boolean sameBut1213(Address account, Address system) {
    byte[] a = account.toArray();
    byte[] s = system.toArray();
    a[12] = s[12];
    a[13] = s[13];
    return Arrays.equals(a, s);
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
