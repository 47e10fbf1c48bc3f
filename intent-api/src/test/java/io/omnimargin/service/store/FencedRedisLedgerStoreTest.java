package io.omnimargin.service.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omnimargin.margin.account.Account;
import io.omnimargin.margin.ledger.LedgerStore;
import io.omnimargin.margin.ledger.LedgerStoreContract;
import io.omnimargin.protocol.types.Address;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cluster's ledger, against a real redis-server: the contract holds for the owner's fenced
 * store, and a former owner can write nothing once another replica took the ledger over.
 */
class FencedRedisLedgerStoreTest extends LedgerStoreContract {
  @RegisterExtension static final LocalRedis redis = new LocalRedis();
  private static final Account A =
      Account.empty(Address.parse("0x00000000000000000000000000000000000000a1"));
  private static final Account B =
      Account.empty(Address.parse("0x00000000000000000000000000000000000000b2"));
  private String prefix;

  @Override
  protected LedgerStore createStore() {
    prefix = LocalRedis.freshPrefix();
    long epoch = new RedisLedgerOwners(redis.commands(), prefix).takeOver("http://a", "a");
    return RedisLedgerStore.fenced(redis.commands(), prefix, () -> epoch);
  }

  @Override
  protected LedgerStore reopen() {
    return new RedisLedgerStore(redis.otherClient(), prefix);
  }

  @Test
  void aFormerOwnerWritesNothingOnceAnotherReplicaTookTheLedgerOver() {
    prefix = LocalRedis.freshPrefix();
    RedisLedgerOwners owners = new RedisLedgerOwners(redis.commands(), prefix);
    long first = owners.takeOver("http://r1:8080", "r1");
    RedisLedgerStore former = RedisLedgerStore.fenced(redis.commands(), prefix, () -> first);
    former.saveAll(List.of(A.withCash(BigInteger.ONE)));

    long second =
        new RedisLedgerOwners(redis.otherClient(), prefix).takeOver("http://r2:8080", "r2");
    RedisLedgerStore owner = RedisLedgerStore.fenced(redis.otherClient(), prefix, () -> second);
    assertThat(second).isEqualTo(first + 1);
    assertThat(owners.owner())
        .contains(new RedisLedgerOwners.Owner(second, "http://r2:8080", "r2"));

    assertThatThrownBy(() -> former.saveAll(List.of(A.withCash(BigInteger.TEN), B)))
        .isInstanceOf(RedisLedgerStore.FencedWrite.class)
        .hasMessageContaining("epoch " + second);
    assertThatThrownBy(() -> former.saveTrade(List.of(B), "0xtrade"))
        .isInstanceOf(RedisLedgerStore.FencedWrite.class);
    assertThat(owner.loadAll()).containsExactly(A.withCash(BigInteger.ONE));
    assertThat(owner.traded("0xtrade")).as("no mark from a fenced write").isFalse();

    owner.saveTrade(List.of(A.withCash(BigInteger.TWO), B), "0xtrade");
    assertThat(former.traded("0xtrade")).isTrue();
    assertThat(former.loadAll()).containsExactlyInAnyOrder(A.withCash(BigInteger.TWO), B);
  }

  @Test
  void theOneProcessStoreMarksTradesToo() {
    prefix = LocalRedis.freshPrefix();
    RedisLedgerStore store = new RedisLedgerStore(redis.commands(), prefix);
    assertThat(store.traded("0xabc")).isFalse();
    store.saveTrade(List.of(A, B), "0xabc");
    assertThat(new RedisLedgerStore(redis.otherClient(), prefix).traded("0xabc")).isTrue();
    assertThat(store.loadAll()).containsExactlyInAnyOrder(A, B);
  }
}
