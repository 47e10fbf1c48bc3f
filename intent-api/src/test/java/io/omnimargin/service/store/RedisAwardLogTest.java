package io.omnimargin.service.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.hub.auction.AwardRecord;
import io.omnimargin.protocol.eip712.SolverBid;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.OrderId;
import io.omnimargin.protocol.types.Uint256;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Awards kept for a successor, against a real redis-server, read back through another client. */
class RedisAwardLogTest {
  @RegisterExtension static final LocalRedis redis = new LocalRedis();

  private static final OrderId ID = OrderId.parse("0x" + "ab".repeat(32));

  @Test
  void anAwardWrittenByOneReplicaIsReadByAnotherExactlyAndForgotten() {
    String prefix = LocalRedis.freshPrefix();
    RedisAwardLog owner = new RedisAwardLog(redis.commands(), prefix);
    RedisAwardLog successor = new RedisAwardLog(redis.otherClient(), prefix);
    SolverBid bid =
        new SolverBid(
            ID,
            Address.parse("0x" + "c1".repeat(20)),
            Uint256.of(new BigInteger("2990000000000000000000")),
            Uint256.of(BigInteger.ONE.shiftLeft(255)),
            0xffff_ffffL);
    AwardRecord award = new AwardRecord(bid, 1_800_000_000_123L, 1_800_000_030_123L);

    assertThat(successor.find(ID)).isEmpty();
    owner.awarded(ID, award);
    assertThat(successor.find(ID)).contains(award);
    assertThat(successor.find(ID).orElseThrow().placed().live()).isTrue();

    successor.forget(ID);
    assertThat(owner.find(ID)).isEmpty();
  }
}
