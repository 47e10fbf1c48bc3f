package io.omnimargin.hub.intent;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.margin.engine.MarginEvent;
import io.omnimargin.testsupport.SignedOrders;
import java.math.BigInteger;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A liquidation cancels the account's intents that are not yet taken, and only those. */
class LiquidatedIntentsTest {
  private final InMemoryIntentStore store = new InMemoryIntentStore();
  private final List<String> announced = new ArrayList<>();
  private final LiquidatedIntents desk =
      new LiquidatedIntents(
          store,
          (intent, change) -> announced.add(intent.id() + " " + change.status()),
          Clock.systemUTC(),
          Runnable::run);

  @Test
  void theAccountsOpenAndAuctioningIntentsAreCancelled() {
    var owner = SignedOrders.key(1);
    Intent open = IntentStoreContract.intent(owner, 1, IntentStoreContract.DEADLINE, 1);
    Intent auctioning = IntentStoreContract.intent(owner, 2, IntentStoreContract.DEADLINE, 1);
    Intent awarded = IntentStoreContract.intent(owner, 3, IntentStoreContract.DEADLINE, 1);
    Intent someoneElses =
        IntentStoreContract.intent(SignedOrders.key(2), 1, IntentStoreContract.DEADLINE, 1);
    for (Intent i : List.of(open, auctioning, awarded, someoneElses)) {
      store.accept(i, 10);
    }
    move(auctioning, IntentStatus.AUCTIONING);
    move(awarded, IntentStatus.AUCTIONING);
    move(awarded, IntentStatus.AWARDED);

    desk.accept(
        new MarginEvent.LiquidationStarted(
            owner.address(), 0, 7, List.of(), BigInteger.ZERO, BigInteger.ONE, "price"));

    assertThat(status(open)).isEqualTo(IntentStatus.CANCELLED);
    assertThat(status(auctioning)).isEqualTo(IntentStatus.CANCELLED);
    assertThat(status(awarded)).isEqualTo(IntentStatus.AWARDED); // taken: its fill goes on
    assertThat(status(someoneElses)).isEqualTo(IntentStatus.OPEN);
    assertThat(announced).hasSize(2);
    assertThat(store.find(open.id()).orElseThrow().history().get(1).reason())
        .isEqualTo("account liquidated (liquidation 7)");
  }

  private void move(Intent intent, IntentStatus to) {
    store.transition(
        intent.id(),
        java.util.EnumSet.allOf(IntentStatus.class),
        new StatusChange(to, IntentStoreContract.NOW, "test"));
  }

  private IntentStatus status(Intent intent) {
    return store.find(intent.id()).orElseThrow().status();
  }
}
