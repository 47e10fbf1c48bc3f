package io.omnimargin.service.core;

import io.omnimargin.hub.intent.IntentStore;
import io.omnimargin.hub.intent.IntentEvents;
import io.omnimargin.hub.intent.Intent;
import io.omnimargin.hub.problem.Refusal;
import io.omnimargin.hub.intake.IntakeService;
import io.omnimargin.hub.intake.RateLimiter;
import io.omnimargin.hub.intake.IntakePolicy;
import io.omnimargin.hub.intake.IntakeGate;
import io.omnimargin.hub.problem.Refusal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omnimargin.hub.intent.InMemoryIntentStore;
import io.omnimargin.service.support.MutableClock;
import io.omnimargin.service.support.Wallet;
import io.omnimargin.protocol.crypto.PrivateKey;
import io.omnimargin.protocol.crypto.Secp256k1Provider;
import io.omnimargin.protocol.eip712.GaslessCrossChainOrder;
import io.omnimargin.protocol.eip712.MarketSymbol;
import io.omnimargin.testsupport.SignedOrders;
import java.lang.reflect.Proxy;
import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The gate's reservations follow the store: nothing stays reserved for an intent not stored. */
class IntakeServiceGateTest {
  private final Set<String> reserved = new LinkedHashSet<>(); // idempotent, as the real gate
  private final IntakeGate gate =
      new IntakeGate() {
        @Override
        public void admit(Intent intent) {
          reserved.add(intent.id().toHex());
        }

        @Override
        public void release(Intent intent) {
          reserved.remove(intent.id().toHex());
        }

        @Override
        public void restore(Intent intent) {
          reserved.add(intent.id().toHex());
        }
      };

  private IntakeService service(IntentStore store) {
    return new IntakeService(
        new IntakePolicy(Wallet.DOMAIN, Set.of(new MarketSymbol("ETH-PERP")), 10),
        store,
        Secp256k1Provider.recovery(),
        new MutableClock(),
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
    GaslessCrossChainOrder order = Wallet.order(key, 1, SignedOrders.buy("ETH-PERP", 1, 3000));

    assertThatThrownBy(() -> service(broken).submit(order, Wallet.ORDERS.sign(key, order).toHex()))
        .hasMessageContaining("store unreachable");
    assertThat(reserved).isEmpty();
  }

  @Test
  void aReusedNonceReleasesButAnIdempotentRetryKeepsIt() {
    IntakeService service = service(new InMemoryIntentStore());
    PrivateKey key = SignedOrders.key(702);
    GaslessCrossChainOrder first = Wallet.order(key, 1, SignedOrders.buy("ETH-PERP", 1, 3000));
    GaslessCrossChainOrder clash = Wallet.order(key, 1, SignedOrders.buy("ETH-PERP", 2, 3000));
    String sig = Wallet.ORDERS.sign(key, first).toHex();

    service.submit(first, sig);
    service.submit(first, sig);
    assertThatThrownBy(() -> service.submit(clash, Wallet.ORDERS.sign(key, clash).toHex()))
        .isInstanceOf(Refusal.class);

    assertThat(reserved).containsExactly(Wallet.ORDERS.id(first).toHex());
  }
}
