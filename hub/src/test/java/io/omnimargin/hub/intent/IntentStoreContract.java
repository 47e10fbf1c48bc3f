package io.omnimargin.hub.intent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.eip712.Eip712Domain;
import io.omnimargin.protocol.eip712.GaslessCrossChainOrder;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.ChainId;
import io.omnimargin.protocol.types.OrderId;
import io.omnimargin.testsupport.SignedOrders;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link IntentStore} must have; each implementation subclasses this. */
public abstract class IntentStoreContract {
  protected static final Eip712Domain DOMAIN =
      Eip712Domain.omnimargin(
          ChainId.of(42161), Address.parse("0x3c4D141609BA0d386068E9dC6bCadfceF21aa741"));
  protected static final SignedOrders ORDERS = new SignedOrders(DOMAIN);
  protected static final Instant NOW = Instant.parse("2027-01-01T00:00:00Z");
  protected static final long DEADLINE = NOW.getEpochSecond() + 60;

  /** A fresh, empty store. */
  protected abstract IntentStore createStore();

  /** A second handle on the same data, as another replica or a restarted service would have. */
  protected abstract IntentStore reopen();

  protected static Intent intent(PrivateKey user, long nonce, long openDeadline, long size) {
    GaslessCrossChainOrder order =
        ORDERS.order(user, nonce, openDeadline, SignedOrders.buy("ETH-PERP", size, 3000));
    return Intent.accepted(
        ORDERS.id(order),
        order,
        SignedOrders.buy("ETH-PERP", size, 3000),
        ORDERS.sign(user, order),
        NOW);
  }

  @Test
  void acceptedIntentIsFoundWithItsHistory() {
    IntentStore store = createStore();
    Intent intent = intent(SignedOrders.key(1), 1, DEADLINE, 1);

    AcceptOutcome outcome = store.accept(intent, 10);

    assertThat(outcome).isInstanceOf(AcceptOutcome.Accepted.class);
    Intent found = store.find(intent.id()).orElseThrow();
    assertThat(found.order()).isEqualTo(intent.order());
    assertThat(found.data()).isEqualTo(intent.data());
    assertThat(found.signature()).isEqualTo(intent.signature());
    assertThat(found.status()).isEqualTo(IntentStatus.OPEN);
    assertThat(found.history()).isEqualTo(intent.history());
    assertThat(found.sequence()).isPositive();
    assertThat(store.find(OrderId.parse("0x" + "ab".repeat(32)))).isEmpty();
  }

  @Test
  void sameOrderTwiceIsOneIntent() {
    IntentStore store = createStore();
    Intent intent = intent(SignedOrders.key(1), 1, DEADLINE, 1);
    store.accept(intent, 10);

    AcceptOutcome again = store.accept(intent, 10);

    assertThat(again).isInstanceOf(AcceptOutcome.Duplicate.class);
    assertThat(((AcceptOutcome.Duplicate) again).existing().id()).isEqualTo(intent.id());
    assertThat(
            store.listByUser(intent.order().user(), Optional.empty(), Optional.empty(), 10).items())
        .hasSize(1);
  }

  @Test
  void anotherOrderWithTheSameNonceIsRefused() {
    IntentStore store = createStore();
    Intent first = intent(SignedOrders.key(1), 7, DEADLINE, 1);
    Intent second = intent(SignedOrders.key(1), 7, DEADLINE, 2);
    store.accept(first, 10);

    AcceptOutcome outcome = store.accept(second, 10);

    assertThat(outcome).isEqualTo(new AcceptOutcome.NonceReused(first.id()));
    assertThat(store.find(second.id())).isEmpty();
    // Nonces are per user: another user may use 7.
    assertThat(store.accept(intent(SignedOrders.key(2), 7, DEADLINE, 2), 10))
        .isInstanceOf(AcceptOutcome.Accepted.class);
  }

  @Test
  void liveIntentsPerUserAreCapped() {
    IntentStore store = createStore();
    PrivateKey user = SignedOrders.key(3);
    store.accept(intent(user, 1, DEADLINE, 1), 2);
    Intent second = intent(user, 2, DEADLINE, 1);
    store.accept(second, 2);

    assertThat(store.accept(intent(user, 3, DEADLINE, 1), 2))
        .isEqualTo(new AcceptOutcome.TooManyOpen(2));

    store.transition(second.id(), IntentStatus.NOT_YET_TAKEN, change(IntentStatus.CANCELLED));
    assertThat(store.accept(intent(user, 3, DEADLINE, 1), 2))
        .isInstanceOf(AcceptOutcome.Accepted.class);
  }

  @Test
  void moveAllMovesEachAsTransitionWouldInTheOrderAsked() {
    IntentStore store = createStore();
    List<OrderId> ids = new ArrayList<>();
    for (int n = 1; n <= 300; n++) { // more than one call's worth for a store that batches
      Intent intent = intent(SignedOrders.key(40 + n % 7), n, DEADLINE, 1);
      store.accept(intent, 1_000);
      ids.add(intent.id());
    }
    for (int n = 0; n < 300; n += 3) {
      store.transition(ids.get(n), IntentStatus.NOT_YET_TAKEN, change(IntentStatus.CANCELLED));
    }
    List<OrderId> asked = new ArrayList<>(ids);
    asked.add(150, OrderId.parse("0x" + "cd".repeat(32)));

    List<Boolean> opened =
        store.moveAll(
            asked, java.util.EnumSet.of(IntentStatus.OPEN), change(IntentStatus.AUCTIONING));

    assertThat(opened).hasSize(301);
    assertThat(opened.get(150)).as("not found").isFalse();
    for (int n = 0; n < 300; n++) {
      Intent now = store.find(ids.get(n)).orElseThrow();
      assertThat(opened.get(n < 150 ? n : n + 1)).isEqualTo(n % 3 != 0);
      assertThat(now.status())
          .isEqualTo(n % 3 == 0 ? IntentStatus.CANCELLED : IntentStatus.AUCTIONING);
    }
    List<Boolean> moved =
        store.moveAll(
            asked, java.util.EnumSet.of(IntentStatus.AUCTIONING), change(IntentStatus.AWARDED));
    for (int n = 0; n < 300; n++) {
      assertThat(moved.get(n < 150 ? n : n + 1)).isEqualTo(n % 3 != 0);
    }
    assertThat(moved.get(150)).isFalse();
    assertThat(store.find(ids.get(1)).orElseThrow().status()).isEqualTo(IntentStatus.AWARDED);
    TransitionOutcome filled =
        store.transition(
            ids.get(1), java.util.EnumSet.of(IntentStatus.AWARDED), change(IntentStatus.FILLED));
    assertThat(((TransitionOutcome.Applied) filled).intent())
        .as("a move answers the intent as stored")
        .isEqualTo(store.find(ids.get(1)).orElseThrow());
    store.moveAll(
        ids,
        java.util.EnumSet.of(IntentStatus.OPEN, IntentStatus.AUCTIONING, IntentStatus.AWARDED),
        change(IntentStatus.FAILED));
    assertThat(store.live()).as("a terminal move leaves the live intents").isEmpty();
  }

  @Test
  void transitionIsCompareAndSet() {
    IntentStore store = createStore();
    Intent intent = intent(SignedOrders.key(1), 1, DEADLINE, 1);
    store.accept(intent, 10);

    TransitionOutcome cancelled =
        store.transition(intent.id(), IntentStatus.NOT_YET_TAKEN, change(IntentStatus.CANCELLED));
    TransitionOutcome again =
        store.transition(intent.id(), IntentStatus.NOT_YET_TAKEN, change(IntentStatus.EXPIRED));

    assertThat(cancelled).isInstanceOf(TransitionOutcome.Applied.class);
    assertThat(((TransitionOutcome.Applied) cancelled).intent().status())
        .isEqualTo(IntentStatus.CANCELLED);
    assertThat(again).isInstanceOf(TransitionOutcome.Refused.class);
    assertThat(((TransitionOutcome.Refused) again).intent().status())
        .isEqualTo(IntentStatus.CANCELLED);
    assertThat(store.find(intent.id()).orElseThrow().history())
        .extracting(StatusChange::status)
        .containsExactly(IntentStatus.OPEN, IntentStatus.CANCELLED);
    assertThat(
            store.transition(
                OrderId.parse("0x" + "cd".repeat(32)),
                IntentStatus.NOT_YET_TAKEN,
                change(IntentStatus.EXPIRED)))
        .isInstanceOf(TransitionOutcome.NotFound.class);
  }

  @Test
  void liveIntentsAreListedUntilTheyEnd() {
    IntentStore store = createStore();
    Intent open = intent(SignedOrders.key(11), 1, DEADLINE, 1);
    Intent awarded = intent(SignedOrders.key(11), 2, DEADLINE, 1);
    Intent cancelled = intent(SignedOrders.key(12), 1, DEADLINE, 1);
    store.accept(open, 10);
    store.accept(awarded, 10);
    store.accept(cancelled, 10);
    store.transition(awarded.id(), IntentStatus.NOT_YET_TAKEN, change(IntentStatus.AWARDED));
    store.transition(cancelled.id(), IntentStatus.NOT_YET_TAKEN, change(IntentStatus.CANCELLED));

    assertThat(store.live())
        .extracting(Intent::id)
        .containsExactlyInAnyOrder(open.id(), awarded.id());
  }

  /** Accepts {@code count} intents of seven users, every fifth cancelled; answers the live ids. */
  private static java.util.Set<io.omnimargin.protocol.types.OrderId> acceptEveryFifthCancelled(
      IntentStore store, int count) {
    java.util.Set<io.omnimargin.protocol.types.OrderId> live = new java.util.HashSet<>();
    for (int i = 0; i < count; i++) {
      Intent it = intent(SignedOrders.key(100 + i % 7), i + 1, DEADLINE, 1);
      store.accept(it, 1_000);
      if (i % 5 == 0) {
        store.transition(it.id(), IntentStatus.NOT_YET_TAKEN, change(IntentStatus.CANCELLED));
      } else {
        live.add(it.id());
      }
    }
    return live;
  }

  @Test
  void manyLiveIntentsAreListedWhole() {
    // more than a Redis store reads in one script, with ended ones among them
    IntentStore store = createStore();
    java.util.Set<io.omnimargin.protocol.types.OrderId> live =
        acceptEveryFifthCancelled(store, 600);
    assertThat(store.live()).extracting(Intent::id).containsExactlyInAnyOrderElementsOf(live);
    assertThat(store.live())
        .allSatisfy(i -> assertThat(i.history()).isNotEmpty())
        .allSatisfy(i -> assertThat(store.find(i.id())).contains(i));
  }

  @Test
  void liveIntentsAreGivenInPagesEachOnce() {
    // nine of a Redis store's scripts, more than it reads ahead, with ended ones among them
    IntentStore store = createStore();
    java.util.Set<io.omnimargin.protocol.types.OrderId> live =
        acceptEveryFifthCancelled(store, 2_600);
    List<List<Intent>> pages = new ArrayList<>();
    store.live(pages::add);

    assertThat(pages).hasSizeGreaterThan(8).allSatisfy(p -> assertThat(p).hasSizeBetween(1, 256));
    assertThat(pages.stream().flatMap(List::stream))
        .extracting(Intent::id)
        .containsExactlyInAnyOrderElementsOf(live);
  }

  @Test
  void manyIntentsAreFoundAtOnceAndThoseNotHeldAreLeftOut() {
    // more ids than a Redis store reads in one script, ended ones and unknown ones among them
    IntentStore store = createStore();
    java.util.List<OrderId> asked = new java.util.ArrayList<>();
    java.util.Map<OrderId, IntentStatus> held = new java.util.HashMap<>();
    for (int i = 0; i < 300; i++) {
      Intent it = intent(SignedOrders.key(200 + i % 5), i + 1, DEADLINE, 1);
      store.accept(it, 1_000);
      asked.add(it.id());
      held.put(it.id(), IntentStatus.OPEN);
      if (i % 4 == 0) {
        store.transition(it.id(), IntentStatus.NOT_YET_TAKEN, change(IntentStatus.CANCELLED));
        held.put(it.id(), IntentStatus.CANCELLED);
      }
      if (i % 9 == 0) {
        asked.add(OrderId.parse(String.format("0x%064x", i + 1)));
      }
    }

    java.util.List<Intent> found = reopen().findAll(asked);

    assertThat(found).extracting(Intent::id).containsExactlyInAnyOrderElementsOf(held.keySet());
    assertThat(found)
        .allSatisfy(i -> assertThat(i.status()).isEqualTo(held.get(i.id())))
        .allSatisfy(i -> assertThat(store.find(i.id())).contains(i));
    assertThat(store.findAll(java.util.List.of())).isEmpty();
  }

  @Test
  void openIntentsAreListedByAcceptanceUntilTheyLeaveOpen() {
    IntentStore store = createStore();
    Intent early = intent(SignedOrders.key(1), 1, DEADLINE, 1);
    Intent auctioned = intent(SignedOrders.key(1), 2, DEADLINE, 1);
    GaslessCrossChainOrder order =
        ORDERS.order(SignedOrders.key(2), 1, DEADLINE, SignedOrders.buy("ETH-PERP", 1, 3000));
    Intent late =
        Intent.accepted(
            ORDERS.id(order),
            order,
            SignedOrders.buy("ETH-PERP", 1, 3000),
            ORDERS.sign(SignedOrders.key(2), order),
            NOW.plusSeconds(30));
    store.accept(early, 10);
    store.accept(auctioned, 10);
    store.accept(late, 10);
    store.transition(auctioned.id(), IntentStatus.NOT_YET_TAKEN, change(IntentStatus.AUCTIONING));

    assertThat(store.openAcceptedBefore(NOW)).as("accepted at NOW: not before it").isEmpty();
    assertThat(store.openAcceptedBefore(NOW.plusMillis(1)))
        .extracting(Intent::id)
        .containsExactly(early.id());
    assertThat(reopen().openAcceptedBefore(NOW.plusSeconds(31)))
        .extracting(Intent::id)
        .containsExactlyInAnyOrder(early.id(), late.id());
    store.transition(early.id(), IntentStatus.NOT_YET_TAKEN, change(IntentStatus.CANCELLED));
    assertThat(store.openAcceptedBefore(NOW.plusSeconds(31)))
        .as("an intent that left OPEN is no longer listed")
        .extracting(Intent::id)
        .containsExactly(late.id());
  }

  @Test
  void pastOpenDeadlineListsOnlyUntakenDueIntents() {
    IntentStore store = createStore();
    Intent early = intent(SignedOrders.key(1), 1, DEADLINE, 1);
    Intent late = intent(SignedOrders.key(1), 2, DEADLINE + 100, 1);
    Intent takenEarly = intent(SignedOrders.key(2), 1, DEADLINE, 1);
    store.accept(early, 10);
    store.accept(late, 10);
    store.accept(takenEarly, 10);
    store.transition(takenEarly.id(), IntentStatus.NOT_YET_TAKEN, change(IntentStatus.AWARDED));

    assertThat(store.pastOpenDeadline(DEADLINE, 10)).isEmpty(); // not past at the deadline itself
    assertThat(store.pastOpenDeadline(DEADLINE + 1, 10)).containsExactly(early.id());
    assertThat(store.pastOpenDeadline(DEADLINE + 101, 1)).hasSize(1);
    assertThat(store.pastOpenDeadline(DEADLINE + 101, 10))
        .containsExactlyInAnyOrder(early.id(), late.id());
  }

  @Test
  void listingIsNewestFirstPaginatedAndFilteredByStatus() {
    IntentStore store = createStore();
    PrivateKey user = SignedOrders.key(5);
    List<Intent> intents = new ArrayList<>();
    for (int i = 1; i <= 7; i++) {
      Intent intent = intent(user, i, DEADLINE, 1);
      intents.add(intent);
      store.accept(intent, 100);
    }
    store.accept(intent(SignedOrders.key(6), 1, DEADLINE, 1), 100); // someone else's
    store.transition(
        intents.get(1).id(), IntentStatus.NOT_YET_TAKEN, change(IntentStatus.CANCELLED));
    store.transition(
        intents.get(4).id(), IntentStatus.NOT_YET_TAKEN, change(IntentStatus.CANCELLED));

    IntentPage first = store.listByUser(user.address(), Optional.empty(), Optional.empty(), 3);
    IntentPage second = store.listByUser(user.address(), Optional.empty(), first.nextCursor(), 3);
    IntentPage third = store.listByUser(user.address(), Optional.empty(), second.nextCursor(), 3);
    IntentPage cancelled =
        store.listByUser(user.address(), Optional.of(IntentStatus.CANCELLED), Optional.empty(), 10);

    assertThat(ids(first)).containsExactly(id(intents, 7), id(intents, 6), id(intents, 5));
    assertThat(ids(second)).containsExactly(id(intents, 4), id(intents, 3), id(intents, 2));
    assertThat(ids(third)).containsExactly(id(intents, 1));
    assertThat(third.nextCursor()).isEmpty();
    assertThat(ids(cancelled)).containsExactly(id(intents, 5), id(intents, 2));
    assertThatThrownBy(
            () ->
                store.listByUser(user.address(), Optional.empty(), Optional.of("not a cursor!"), 3))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void concurrentOrdersOnOneNonceAcceptExactlyOne() throws Exception {
    IntentStore first = createStore();
    IntentStore second = reopen(); // two replicas on the same data
    PrivateKey user = SignedOrders.key(9);
    int racers = 16;
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<AcceptOutcome>> tasks = new ArrayList<>();
      for (int i = 0; i < racers; i++) {
        Intent intent = intent(user, 42, DEADLINE, i + 1);
        IntentStore replica = i % 2 == 0 ? first : second;
        tasks.add(() -> replica.accept(intent, 1000));
      }
      List<AcceptOutcome> outcomes = new ArrayList<>();
      for (Future<AcceptOutcome> f : pool.invokeAll(tasks)) {
        outcomes.add(f.get());
      }
      assertThat(outcomes).filteredOn(o -> o instanceof AcceptOutcome.Accepted).hasSize(1);
      assertThat(outcomes)
          .filteredOn(o -> o instanceof AcceptOutcome.NonceReused)
          .hasSize(racers - 1);
    } finally {
      pool.shutdownNow();
    }
  }

  private static StatusChange change(IntentStatus status) {
    return new StatusChange(status, NOW.plusSeconds(1), "test");
  }

  private static List<OrderId> ids(IntentPage page) {
    return page.items().stream().map(Intent::id).toList();
  }

  private static OrderId id(List<Intent> intents, int nonce) {
    return intents.get(nonce - 1).id();
  }
}
