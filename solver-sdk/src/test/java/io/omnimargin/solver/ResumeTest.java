package io.omnimargin.solver;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.protocol.types.OrderId;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The hub drops the session: the SDK reconnects with backoff, signs the new challenge, resumes
 * after the last event it saw, and handles what it missed once.
 */
class ResumeTest extends StandInTest {

  @Test
  void reconnectsWithBackoffAndGetsWhatWasPublishedMeanwhileOnce() {
    connect();
    HubStandIn.Event seen = hub.publish(auction(1));
    solver.nextAuction();
    hub.nextInbound(); // its decline

    hub.sessions(HubStandIn.Upgrades.REFUSE);
    long dropped = System.nanoTime();
    hub.dropSessions();
    HubStandIn.Event missed1 = hub.publish(auction(2));
    HubStandIn.Event missed2 = hub.publish(auction(3));
    long first = hub.nextUpgradeNanos();
    long second = hub.nextUpgradeNanos();
    long third = hub.nextUpgradeNanos();
    hub.sessions(HubStandIn.Upgrades.ACCEPT);

    HubStandIn.Hello resumed = hub.nextHello();
    assertThat(resumed.after()).as("resume point").isEqualTo(seen.seq());
    assertThat(resumed.signer()).as("the new challenge, signed").isEqualTo(KEY.address());
    List<OrderId> replayed =
        List.of(solver.nextAuction().orderId(), solver.nextAuction().orderId());
    assertThat(replayed).containsExactlyInAnyOrder(missed1.id(), missed2.id());
    HubStandIn.Event live = hub.publish(auction(4));
    assertThat(solver.nextAuction().orderId()).isEqualTo(live.id());
    assertThat(solver.noMoreAuctions()).as("nothing handled twice").isTrue();

    // 100 ms after a working session ends, then doubling: 200 ms, 400 ms between refusals
    assertThat(millis(first - dropped)).isGreaterThanOrEqualTo(90);
    assertThat(millis(second - first)).isGreaterThanOrEqualTo(180);
    assertThat(millis(third - second)).isGreaterThanOrEqualTo(360);
  }

  @Test
  void theSolverHearsWhenItsSessionDropsAndComesBackOnce() throws Exception {
    connect();
    assertThat(solver.nextConnectionChange()).isEqualTo("connected");
    hub.sessions(HubStandIn.Upgrades.REFUSE);
    hub.dropSessions();
    assertThat(solver.nextConnectionChange()).isEqualTo("disconnected");
    hub.nextUpgradeNanos();
    hub.nextUpgradeNanos(); // refused attempts are not disconnections
    hub.sessions(HubStandIn.Upgrades.ACCEPT);
    hub.nextHello();
    assertThat(solver.nextConnectionChange()).isEqualTo("connected");
    client.close();
    Thread.sleep(300); // closing by its owner is not a disconnection either
    assertThat(solver.noMoreConnectionChanges()).isTrue();
  }

  @Test
  void aReplayOverlappingWhatWasSeenIsNotHandledTwice() {
    hub.replayOverlap(10);
    connect();
    HubStandIn.Event a = hub.publish(auction(1));
    HubStandIn.Event b = hub.publish(auction(2));
    solver.nextAuction();
    solver.nextAuction();

    hub.dropSessions();
    HubStandIn.Event missed = hub.publish(auction(3));

    assertThat(hub.nextHello().after()).isEqualTo(b.seq());
    assertThat(solver.nextAuction().orderId()).isEqualTo(missed.id());
    HubStandIn.Event live = hub.publish(auction(4));
    assertThat(solver.nextAuction().orderId()).isEqualTo(live.id());
    assertThat(solver.noMoreAuctions()).as("%s and %s again", a.id(), b.id()).isTrue();
  }

  @Test
  void aFillReportedWhileTheSessionIsDownGoesOutAfterTheReconnect() throws Exception {
    CountDownLatch down = new CountDownLatch(1);
    solver.filling =
        (award, filler) -> {
          try {
            down.await(HubStandIn.WAIT_SECONDS, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          RecordingSolver.fillAtAward(1, TX).accept(award, filler);
        };
    connect();
    HubStandIn.Event won =
        hub.publish(HubStandIn.Event.award(auction(5), PRICE, FEE), KEY.address());
    solver.nextAward();

    hub.sessions(HubStandIn.Upgrades.REFUSE);
    hub.dropSessions();
    hub.nextUpgradeNanos(); // refused
    hub.sessions(HubStandIn.Upgrades.HOLD);
    // held: the SDK is down and done with the refused attempt, whose end (onDown) would fail a
    // fill already waiting with 'unreachable', though its report stays queued and goes out later
    hub.nextUpgradeNanos();
    down.countDown(); // the fill is reported now (most likely before the welcome below), and waits
    hub.sessions(HubStandIn.Upgrades.ACCEPT);

    HubStandIn.Inbound fill = hub.nextInbound();
    assertThat(fill.type()).isEqualTo("fill");
    assertThat(fill.message().path("fill").path("orderId").asText()).isEqualTo(won.orderId());
    assertThat(fill.signer()).isEqualTo(KEY.address());
    assertThat(solver.nextFill().failure()).isNull();
  }

  private static long millis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }
}
