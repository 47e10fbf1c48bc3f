package io.omnimargin.hub.intent;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.protocol.types.OrderId;
import io.omnimargin.testsupport.SignedOrders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * An intent still {@code OPEN} three minutes after it was accepted never reached the workflows: it
 * is announced to them, once; a young one, or one they took, is not.
 */
class StrandedIntentsTest {
  private static final Instant NOW = IntentStoreContract.NOW;
  private static final long DEADLINE = NOW.getEpochSecond() + 3_600;

  private final InMemoryIntentStore store = new InMemoryIntentStore();
  private final List<OrderId> announced = new ArrayList<>();
  private final Set<OrderId> told = new HashSet<>();
  private Instant now = NOW;
  private final StrandedIntents stranded =
      new StrandedIntents(
          store,
          new Clock() {
            @Override
            public ZoneOffset getZone() {
              return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
              return this;
            }

            @Override
            public Instant instant() {
              return now;
            }
          },
          Duration.ofMinutes(3),
          intent -> told.add(intent.id()) && announced.add(intent.id()));

  @Test
  void anIntentStillOpenLongAfterItWasAcceptedIsAnnouncedOnce() {
    Intent stuck = accept(1);
    Intent auctioning = accept(2);
    store.transition(
        auctioning.id(),
        EnumSet.of(IntentStatus.OPEN),
        new StatusChange(IntentStatus.AUCTIONING, NOW, "auction open"));
    now = NOW.plus(Duration.ofMinutes(2));
    Intent young = accept(3);

    assertThat(stranded.sweep()).as("none is three minutes old yet").isZero();

    now = NOW.plus(Duration.ofMinutes(3)).plusMillis(1);
    assertThat(stranded.sweep()).isEqualTo(1);
    assertThat(announced).containsExactly(stuck.id());
    assertThat(stranded.sweep()).as("told once").isZero();

    now = now.plus(Duration.ofMinutes(2));
    assertThat(stranded.sweep()).isEqualTo(1);
    assertThat(announced).containsExactly(stuck.id(), young.id());
  }

  private Intent accept(long nonce) {
    Intent template = IntentStoreContract.intent(SignedOrders.key(1), nonce, DEADLINE, 1);
    Intent intent =
        Intent.accepted(
            template.id(), template.order(), template.data(), template.signature(), now);
    store.accept(intent, 10);
    return intent;
  }
}
