package io.omnimargin.cluster.partition;

import io.omnimargin.protocol.types.Address;

/**
 * The per-partition shards of a system account: partition p's fee pool is {@code feePool} with p
 * mixed (xor) into its bytes 12–13, an account only p's owner writes, so a protocol fee never
 * crosses a partition. Those bytes are zero in the system accounts ({@code 0x…c1ea00000002}), so
 * shard 0 is the account itself: one partition is the ledger of one process.
 */
public record SystemShards(Address feePool) {

  public Address feePool(int partition) {
    return shard(feePool, partition);
  }

  /** Whether {@code account} is a shard of the fee pool (of any partition). */
  public boolean isFeePool(Address account) {
    byte[] a = account.toArray();
    byte[] pool = feePool.toArray();
    a[12] = pool[12];
    a[13] = pool[13];
    return java.util.Arrays.equals(a, pool);
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
