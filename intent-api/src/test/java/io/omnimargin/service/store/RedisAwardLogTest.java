package io.omnimargin.service.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.omnimargin.hub.auction.AwardRecord;
import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.crypto.Secp256k1Provider;
import io.omnimargin.protocol.crypto.Signature;
import io.omnimargin.protocol.eip712.Eip712Domain;
import io.omnimargin.protocol.eip712.SolverBid;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.ChainId;
import io.omnimargin.protocol.types.OrderId;
import io.omnimargin.protocol.types.Uint256;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Awards kept for a successor, against a real redis-server, read back through another client. */
class RedisAwardLogTest {
  @RegisterExtension static final LocalRedis redis = new LocalRedis();

  private static final OrderId ID = OrderId.parse("0x" + "ab".repeat(32));
  private static final Eip712Domain DOMAIN =
      Eip712Domain.omnimargin(ChainId.of(42161), Address.parse("0x" + "3c".repeat(20)));

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
    assertThat(successor.kept()).isEmpty();
    owner.awarded(ID, award);
    assertThat(successor.find(ID)).contains(award);
    assertThat(successor.find(ID).orElseThrow().placed().live()).isTrue();
    assertThat(successor.kept()).containsExactly(ID);

    successor.forget(ID);
    assertThat(owner.find(ID)).isEmpty();
    assertThat(owner.kept()).isEmpty();
  }

  @Test
  void theRunnerUpsAreKeptInRankOrderWithTheSignaturesNotYetChecked() {
    String prefix = LocalRedis.freshPrefix();
    RedisAwardLog owner = new RedisAwardLog(redis.commands(), prefix);
    RedisAwardLog successor = new RedisAwardLog(redis.otherClient(), prefix);
    PrivateKey second = PrivateKey.of(BigInteger.valueOf(7_000_002L));
    PrivateKey third = PrivateKey.of(BigInteger.valueOf(7_000_003L));
    SolverBid secondBid = bid(second.address(), 2_995, 1);
    SolverBid thirdBid = bid(third.address(), 3_000, 0);
    Signature unchecked = third.sign(thirdBid.digest(DOMAIN));
    AwardRecord award =
        new AwardRecord(
            bid(Address.parse("0x" + "c1".repeat(20)), 2_990, 2),
            1_800_000_000_123L,
            1_800_000_030_123L,
            List.of(
                new AwardRecord.RunnerUp(secondBid, 1_800_000_000_045L, null),
                new AwardRecord.RunnerUp(thirdBid, 1_800_000_000_200L, unchecked)));

    owner.awarded(ID, award);
    AwardRecord read = successor.find(ID).orElseThrow();

    assertThat(read).isEqualTo(award);
    assertThat(read.runnerUps())
        .extracting(r -> r.bid().solver())
        .containsExactly(second.address(), third.address());
    assertThat(read.runnerUps().get(0).unchecked()).as("checked by the owner").isNull();
    assertThat(
            Secp256k1Provider.recovery()
                .recover(thirdBid.digest(DOMAIN), read.runnerUps().get(1).unchecked()))
        .as("the signature bytes survive the round trip")
        .isEqualTo(third.address());
    assertThat(read.standing())
        .extracting(r -> r.bid().live(), r -> r.bid().receivedAtMillis())
        .containsExactly(tuple(true, 1_800_000_000_045L), tuple(true, 1_800_000_000_200L));

    // the award passes on: the record is replaced, with only the bid still behind it
    AwardRecord passed =
        new AwardRecord(
            secondBid, 1_800_000_000_045L, 1_800_000_060_000L, award.runnerUps().subList(1, 2));
    owner.awarded(ID, passed);
    assertThat(successor.find(ID)).contains(passed);
  }

  @Test
  void anAwardWrittenBeforeRunnerUpsWereKeptReadsAsOneWithNobodyBehindIt() {
    String prefix = LocalRedis.freshPrefix();
    // the six fields the former format wrote: solver price fee validUntil receivedAt deadline
    redis
        .commands()
        .execute(
            "HSET",
            List.of(
                prefix + "awards",
                ID.toHex(),
                "0x"
                    + "c1".repeat(20)
                    + " 2990000000000000000000 7 4294967295 1800000000123"
                    + " 1800000030123"));

    AwardRecord read = new RedisAwardLog(redis.otherClient(), prefix).find(ID).orElseThrow();

    assertThat(read)
        .isEqualTo(
            new AwardRecord(
                new SolverBid(
                    ID,
                    Address.parse("0x" + "c1".repeat(20)),
                    Uint256.of(new BigInteger("2990000000000000000000")),
                    Uint256.of(7),
                    0xffff_ffffL),
                1_800_000_000_123L,
                1_800_000_030_123L));
    assertThat(read.runnerUps()).isEmpty();
  }

  private static SolverBid bid(Address solver, long price, long fee) {
    return new SolverBid(
        ID,
        solver,
        Uint256.of(BigInteger.TEN.pow(18).multiply(BigInteger.valueOf(price))),
        Uint256.of(BigInteger.TEN.pow(18).multiply(BigInteger.valueOf(fee))),
        1_800_003_600L);
  }

  @Test
  void anUnreadableAwardIsTreatedAsNotKeptInsteadOfStoppingTheTakeOver() {
    String prefix = LocalRedis.freshPrefix();
    for (String bad :
        List.of(
            "0x" + "c1".repeat(20) + " 2990 7 4294967295 1800000000123", // five fields
            "not-an-address 1 2 3 4 5",
            "0x" + "c1".repeat(20) + " 1 2 3 4 5 0x" + "c2".repeat(20) + " 1 2 3 4 0xnot-hex")) {
      redis.commands().execute("HSET", List.of(prefix + "awards", ID.toHex(), bad));
      assertThat(new RedisAwardLog(redis.otherClient(), prefix).find(ID)).as(bad).isEmpty();
    }
  }
}
