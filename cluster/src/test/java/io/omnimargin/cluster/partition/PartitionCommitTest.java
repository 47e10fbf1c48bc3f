package io.omnimargin.cluster.partition;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.margin.account.Account;
import io.omnimargin.margin.clearing.TradeLeg;
import io.omnimargin.margin.decision.ProposedChange;
import io.omnimargin.margin.risk.CollateralKey;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.OrderId;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** A batch's commit leaves what its commits would have left written one after another. */
class PartitionCommitTest {
  private static final String[] KEYS = {"t1/a", "t1/b", "t2/a", "t2/b"};
  private static final String[] FUNDING = {"open/ETH-PERP", "closed/ETH-PERP/3600"};
  private static final Address[] OWNERS = {
    Address.parse("0x00000000000000000000000000000000000000a1"),
    Address.parse("0x00000000000000000000000000000000000000b2")
  };

  private static final Reservation[] RESERVED = {
    reservation(OWNERS[0], 1), reservation(OWNERS[0], 2), reservation(OWNERS[1], 1)
  };

  private static Reservation reservation(Address owner, int intent) {
    return new Reservation(
        owner,
        OrderId.parse("0x" + String.format("%064x", intent)),
        new ProposedChange.Withdrawal(new CollateralKey(1, "ETH"), BigInteger.valueOf(intent)));
  }

  @Property(tries = 500)
  void aMergedCommitWritesWhatItsPartsWrite(@ForAll long seed) {
    Random random = new Random(seed);
    PartitionState state = PartitionState.empty(0);
    PartitionCommit merged = null;
    PartitionState oneByOne = state;
    for (int i = 0; i < 1 + random.nextInt(6); i++) {
      PartitionCommit c = commit(random, i);
      oneByOne = oneByOne.with(c);
      merged = merged == null ? c : merged.then(c);
    }
    assertThat(state.with(merged)).isEqualTo(oneByOne);
    Set<String> both = new HashSet<>(merged.outboxAdded().keySet());
    both.retainAll(merged.outboxRemoved());
    assertThat(both).as("added and removed by one commit").isEmpty();
    Set<String> heldAndDropped = new HashSet<>(merged.reserved().keySet());
    heldAndDropped.retainAll(merged.released());
    assertThat(heldAndDropped).as("reserved and released by one commit").isEmpty();
  }

  private static PartitionCommit commit(Random random, long offset) {
    Map<Address, Account> accounts = new HashMap<>();
    for (Address owner : OWNERS) {
      if (random.nextBoolean()) {
        accounts.put(owner, Account.empty(owner).withCash(BigInteger.valueOf(random.nextInt(100))));
      }
    }
    // keys are applied once each, stamped with a clock that moves on; some are forgotten later
    Map<String, Long> applied = new HashMap<>();
    for (int i = 0; i < random.nextInt(4); i++) {
      applied.put("k" + offset + "/" + i, 100 * (offset + 1));
    }
    long pruneBefore = random.nextBoolean() ? 0 : random.nextInt((int) (100 * offset + 1));
    Map<String, OutboundLeg> added = new HashMap<>();
    Set<String> removed = new HashSet<>();
    for (String key : KEYS) {
      switch (random.nextInt(3)) {
        case 0 -> added.put(key, leg(key, random.nextInt(9)));
        case 1 -> removed.add(key);
        default -> {
          // neither
        }
      }
    }
    Map<String, Reservation> reserved = new HashMap<>();
    Set<String> released = new HashSet<>();
    for (int i = 0; i < RESERVED.length; i++) {
      switch (random.nextInt(3)) {
        case 0 -> reserved.put(RESERVED[i].key(), RESERVED[i]);
        case 1 -> released.add(RESERVED[i].key());
        default -> {
          // neither
        }
      }
    }
    Map<String, String> funding = new HashMap<>();
    for (String field : FUNDING) {
      switch (random.nextInt(3)) {
        case 0 -> funding.put(field, random.nextInt(9) + ":" + random.nextInt(9));
        case 1 -> funding.put(field, ""); // removed
        default -> {
          // untouched
        }
      }
    }
    return new PartitionCommit(
        0,
        offset - 1,
        offset,
        accounts,
        applied,
        added,
        removed,
        reserved,
        released,
        funding,
        pruneBefore);
  }

  private static OutboundLeg leg(String key, int partition) {
    return new OutboundLeg(
        partition,
        new TradeLeg(
            key.substring(0, 2),
            OWNERS[0],
            "ETH-PERP",
            BigInteger.ONE,
            BigInteger.TEN,
            BigInteger.ZERO,
            BigInteger.ZERO));
  }
}
