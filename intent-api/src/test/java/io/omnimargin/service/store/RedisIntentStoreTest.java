package io.omnimargin.service.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.hub.intent.AcceptOutcome;
import io.omnimargin.hub.intent.Intent;
import io.omnimargin.hub.intent.IntentStatus;
import io.omnimargin.hub.intent.IntentStore;
import io.omnimargin.hub.intent.IntentStoreContract;
import io.omnimargin.hub.intent.StatusChange;
import io.omnimargin.hub.intent.TransitionOutcome;
import io.omnimargin.testsupport.SignedOrders;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract against a real redis-server started on a free port. */
class RedisIntentStoreTest extends IntentStoreContract {
  @RegisterExtension static final LocalRedis redis = new LocalRedis();
  private String prefix;

  @Override
  protected IntentStore createStore() {
    prefix = LocalRedis.freshPrefix();
    return new RedisIntentStore(redis.commands(), prefix);
  }

  @Override
  protected IntentStore reopen() {
    return new RedisIntentStore(redis.commands(), prefix);
  }

  @Test
  void aRestartedServiceSeesEveryIntentWithItsHistory() {
    IntentStore before = createStore();
    Intent intent = intent(SignedOrders.key(1), 1, DEADLINE, 1);
    before.accept(intent, 10);
    before.transition(
        intent.id(),
        IntentStatus.NOT_YET_TAKEN,
        new StatusChange(IntentStatus.CANCELLED, NOW.plusSeconds(5), "cancelled by user"));

    IntentStore after = reopen();

    Intent found = after.find(intent.id()).orElseThrow();
    assertThat(found.status()).isEqualTo(IntentStatus.CANCELLED);
    assertThat(found.history())
        .containsExactly(
            new StatusChange(IntentStatus.OPEN, NOW, "accepted"),
            new StatusChange(IntentStatus.CANCELLED, NOW.plusSeconds(5), "cancelled by user"));
  }

  @Test
  void openIntentsAnEarlierVersionLeftOutOrLeftBehindAreIndexedOnceAndDropped() {
    IntentStore store = createStore();
    Intent old = intent(SignedOrders.key(3), 1, DEADLINE, 1);
    Intent cancelled = intent(SignedOrders.key(3), 2, DEADLINE, 1);
    store.accept(old, 10);
    store.accept(cancelled, 10);
    store.transition(
        cancelled.id(),
        IntentStatus.NOT_YET_TAKEN,
        new StatusChange(IntentStatus.CANCELLED, NOW.plusSeconds(1), "cancelled by user"));
    // as a version that kept no index would have left them: the open one out, the other in
    redis.commands().execute("ZREM", List.of(prefix + "open", old.id().toHex()));
    redis
        .commands()
        .execute(
            "ZADD",
            List.of(prefix + "open", Long.toString(NOW.toEpochMilli()), cancelled.id().toHex()));

    assertThat(store.openAcceptedBefore(NOW.plusSeconds(60))).isEmpty();
    assertThat(redis.commands().execute("ZSCORE", List.of(prefix + "open", cancelled.id().toHex())))
        .as("an entry no longer open is dropped when it is read")
        .isNull();
    assertThat(store.indexOpen()).isEqualTo(1);
    assertThat(store.openAcceptedBefore(NOW.plusSeconds(60)))
        .extracting(Intent::id)
        .containsExactly(old.id());
  }

  @Test
  void anIntentStoredWithoutItsUserFieldLeavesTheUsersLiveSetWhenItEnds() {
    IntentStore store = createStore();
    Intent older = intent(SignedOrders.key(4), 1, DEADLINE, 1);
    store.accept(older, 1);
    // as a version that kept the user only in the document stored it
    redis.commands().execute("HDEL", List.of(prefix + "intent:" + older.id().toHex(), "user"));

    var outcome =
        store.transition(
            older.id(),
            IntentStatus.NOT_YET_TAKEN,
            new StatusChange(IntentStatus.CANCELLED, NOW.plusSeconds(1), "cancelled by user"));

    assertThat(outcome).isInstanceOf(TransitionOutcome.Applied.class);
    assertThat(((TransitionOutcome.Applied) outcome).intent().history()).hasSize(2);
    assertThat(store.accept(intent(SignedOrders.key(4), 2, DEADLINE, 1), 1))
        .as("the user's one live slot is free again")
        .isInstanceOf(AcceptOutcome.Accepted.class);
  }

  @Test
  void scriptsAreResentAfterTheServerForgetsThem() {
    IntentStore store = createStore();
    redis.commands().execute("SCRIPT", List.of("FLUSH"));
    Intent intent = intent(SignedOrders.key(2), 1, DEADLINE, 1);
    store.accept(intent, 10);
    assertThat(store.find(intent.id())).isPresent();
  }
}
