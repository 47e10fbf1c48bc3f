package io.omnimargin.solver;

import static org.assertj.core.api.Assertions.assertThat;

import io.omnimargin.protocol.session.SessionMessage;
import java.net.http.HttpClient;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The session link alone, between a socket's end and the next one. */
class SessionLinkTest extends StandInTest {

  @Test
  void aMessageSentAsTheSessionDropsWaitsForTheNextSession() {
    hub.markRegistered(KEY.address());
    AtomicReference<SessionLink> link = new AtomicReference<>();
    AtomicBoolean firstDown = new AtomicBoolean(true);
    BlockingQueue<Boolean> upWhenDown = new LinkedBlockingQueue<>();
    SessionLink.Handler sendsWhenDown =
        new SessionLink.Handler() {
          @Override
          public void onWelcome(long after) {}

          @Override
          public void onMessage(SessionMessage message) {}

          @Override
          public void onDown() {
            if (firstDown.getAndSet(false)) {
              upWhenDown.add(link.get().up());
              link.get().send(FramingTest.decline(1)); // as a worker may, any time
            }
          }
        };
    link.set(
        new SessionLink(
            HttpClient.newHttpClient(),
            hub.uri(),
            KEY,
            HubStandIn.DOMAIN,
            () -> -1,
            sendsWhenDown,
            FramingTest.CODEC));
    try {
      link.get().start();
      hub.nextHello();

      hub.dropSessions();

      assertThat(hub.nextHello().signer()).isEqualTo(KEY.address());
      HubStandIn.Inbound sent = hub.nextInbound();
      assertThat(sent.type()).isEqualTo("decline");
      assertThat(sent.message().path("orderId").asText()).isEqualTo(order(1).toHex());
      assertThat(HubStandIn.next(upWhenDown, "onDown"))
          .as("up() once the socket is gone")
          .isFalse();
    } finally {
      link.get().close();
    }
  }

  @Test
  void aSocketThatIsNeverWelcomedIsGivenUpAndOpenedAgain() throws InterruptedException {
    hub.markRegistered(KEY.address());
    hub.sessions(HubStandIn.Upgrades.SILENT);
    SessionLink link =
        new SessionLink(
            HttpClient.newHttpClient(),
            hub.uri(),
            KEY,
            HubStandIn.DOMAIN,
            () -> -1,
            new SessionLink.Handler() {
              @Override
              public void onWelcome(long after) {}

              @Override
              public void onMessage(SessionMessage message) {}

              @Override
              public void onDown() {}
            },
            FramingTest.CODEC,
            java.time.Duration.ofMillis(500));
    try {
      link.start();
      long silent = hub.nextUpgradeNanos();
      hub.sessions(HubStandIn.Upgrades.ACCEPT);

      long again = hub.nextUpgradeNanos();
      assertThat(hub.nextHello().signer()).isEqualTo(KEY.address());
      assertThat(java.time.Duration.ofNanos(again - silent))
          .as("given up after the welcome deadline, not before")
          .isGreaterThanOrEqualTo(java.time.Duration.ofMillis(500));
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
      while (!link.up() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(link.up()).as("welcomed on the second socket").isTrue();
    } finally {
      link.close();
    }
  }
}
