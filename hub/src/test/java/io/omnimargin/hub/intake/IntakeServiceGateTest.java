package io.omnimargin.hub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omnimargin.hub.intent.InMemoryIntentStore;
import io.omnimargin.hub.intent.Intent;
import io.omnimargin.hub.intent.IntentEvents;
import io.omnimargin.hub.intent.IntentStatus;
import io.omnimargin.hub.intent.IntentStore;
import io.omnimargin.hub.intent.StatusChange;
import io.omnimargin.hub.problem.ProblemCode;
import io.omnimargin.hub.problem.Refusal;
import io.omnimargin.hub.testing.ManualTime;
import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.crypto.Secp256k1Provider;
import io.omnimargin.protocol.eip712.Eip712Domain;
import io.omnimargin.protocol.eip712.GaslessCrossChainOrder;
import io.omnimargin.protocol.eip712.MarketSymbol;
import io.omnimargin.protocol.eip712.OrderData;
import io.omnimargin.protocol.types.Address;
import io.omnimargin.protocol.types.ChainId;
import io.omnimargin.testsupport.SignedOrders;
import java.lang.reflect.Proxy;
import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The gate's reservations follow the store: nothing stays reserved for an intent not stored. */
class IntakeServiceGateTest {
  private static final Eip712Domain DOMAIN =
      Eip712Domain.omnimargin(
          ChainId.of(42161), Address.parse("0x3c4D141609BA0d386068E9dC6bCadfceF21aa741"));
  private static final SignedOrders ORDERS = new SignedOrders(DOMAIN);

  private static GaslessCrossChainOrder order(PrivateKey key, long nonce, OrderData data) {
    return ORDERS.order(key, nonce, ManualTime.START.getEpochSecond() + 3600, data);
  }

  private final Set<String> reserved = new LinkedHashSet<>(); // idempotent, as the real gate
  // as a partitioned ledger: a terminal release is remembered, and a reserve after it refused
  private final Set<String> closed = new LinkedHashSet<>();
  private final IntakeGate gate =
      new IntakeGate() {
        @Override
        public void admit(Intent intent) {
          if (closed.contains(intent.id().toHex())) {
            throw new Refusal(ProblemCode.INTENT_CLOSED, "the intent is over");
          }
          reserved.add(intent.id().toHex());
        }

        @Override
        public void release(Intent intent) {
          reserved.remove(intent.id().toHex());
          closed.add(intent.id().toHex());
        }

        @Override
        public void releaseUnstored(Intent intent) {
          reserved.remove(intent.id().toHex());
        }

        @Override
        public void restore(Intent intent) {
          reserved.add(intent.id().toHex());
        }
      };

  private IntakeService service(IntentStore store) {
    return new IntakeService(
        new IntakePolicy(DOMAIN, Set.of(new MarketSymbol("ETH-PERP")), 10),
        store,
        Secp256k1Provider.recovery(),
        new ManualTime(),
        new RateLimiter(100, 100, 100),
        IntentEvents.NONE,
        gate);
  }

  @Test
  void aStoreFailureReleasesTheReservation() {
    IntentStore real = new InMemoryIntentStore();
    IntentStore broken =
        (IntentStore)
            Proxy.newProxyInstance(
                IntentStore.class.getClassLoader(),
                new Class<?>[] {IntentStore.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("accept")) {
                    throw new IllegalStateException("store unreachable");
                  }
                  return method.invoke(real, args);
                });
    PrivateKey key = SignedOrders.key(701);
    GaslessCrossChainOrder order = order(key, 1, SignedOrders.buy("ETH-PERP", 1, 3000));

    assertThatThrownBy(() -> service(broken).submit(order, ORDERS.sign(key, order).toHex()))
        .hasMessageContaining("store unreachable");
    assertThat(reserved).isEmpty();
  }

  @Test
  void anIntentNotStoredMayBeSentAgainAndAFinishedOneIsAnsweredAsStored() {
    PrivateKey key = SignedOrders.key(703);
    GaslessCrossChainOrder order = order(key, 1, SignedOrders.buy("ETH-PERP", 1, 3000));
    String sig = ORDERS.sign(key, order).toHex();
    IntentStore store = new InMemoryIntentStore();
    IntentStore down =
        (IntentStore)
            Proxy.newProxyInstance(
                IntentStore.class.getClassLoader(),
                new Class<?>[] {IntentStore.class},
                (proxy, method, args) -> {
                  throw new IllegalStateException("store unreachable");
                });
    assertThatThrownBy(() -> service(down).submit(order, sig))
        .hasMessageContaining("store unreachable");
    IntakeService service = service(store);
    Intent accepted = service.submit(order, sig).intent();
    assertThat(reserved).as("sent again once the store is back").contains(accepted.id().toHex());

    store.transition(
        accepted.id(),
        IntentStatus.NOT_YET_TAKEN,
        new StatusChange(IntentStatus.CANCELLED, ManualTime.START, "cancelled"));
    gate.release(accepted); // as the event bus does for a terminal status
    IntakeService.Submission again = service.submit(order, sig);
    assertThat(again.created()).isFalse();
    assertThat(again.intent().status()).isEqualTo(IntentStatus.CANCELLED);

    GaslessCrossChainOrder never = order(key, 2, SignedOrders.buy("ETH-PERP", 1, 3000));
    closed.add(ORDERS.id(never).toHex()); // over on the ledger, unknown to the store
    assertThatThrownBy(() -> service.submit(never, ORDERS.sign(key, never).toHex()))
        .isInstanceOf(Refusal.class)
        .satisfies(e -> assertThat(((Refusal) e).code()).isEqualTo(ProblemCode.INTENT_CLOSED));
  }

  @Test
  void aReusedNonceReleasesButAnIdempotentRetryKeepsIt() {
    IntakeService service = service(new InMemoryIntentStore());
    PrivateKey key = SignedOrders.key(702);
    GaslessCrossChainOrder first = order(key, 1, SignedOrders.buy("ETH-PERP", 1, 3000));
    GaslessCrossChainOrder clash = order(key, 1, SignedOrders.buy("ETH-PERP", 2, 3000));
    String sig = ORDERS.sign(key, first).toHex();

    service.submit(first, sig);
    service.submit(first, sig);
    assertThatThrownBy(() -> service.submit(clash, ORDERS.sign(key, clash).toHex()))
        .isInstanceOf(Refusal.class);

    assertThat(reserved).containsExactly(ORDERS.id(first).toHex());
  }
}
