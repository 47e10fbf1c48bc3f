package io.omnimargin.solver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.omnimargin.protocol.session.SessionCodec;
import io.omnimargin.protocol.session.SessionMessage;
import java.net.http.HttpClient;
import org.junit.jupiter.api.Test;

/** Several {@code \n}-separated JSON messages per frame, both ways. */
class FramingTest extends StandInTest {
  static final SessionCodec CODEC = new SessionCodec(new ObjectMapper());

  @Test
  void everyMessageOfAFrameIsHandled() {
    connect();

    var events =
        hub.publishInOneFrame(
            KEY.address(),
            auction(1),
            HubStandIn.Event.quote(order(2), "ETH-PERP", true, SIZE, 1_000),
            HubStandIn.Event.award(auction(3), PRICE, FEE));

    assertThat(solver.nextAuction().orderId()).isEqualTo(events.get(0).id());
    assertThat(solver.nextQuote().quoteId()).isEqualTo(events.get(1).id());
    assertThat(solver.nextAward().orderId()).isEqualTo(events.get(2).id());
    assertThat(client.lastEvent()).isEqualTo(events.get(2).seq());
  }

  @Test
  void blankLinesAndATrailingSeparatorAreSkipped() {
    hub.frameWith("\n\n", "\n");
    connect();

    var events = hub.publishInOneFrame(auction(1), auction(2));

    assertThat(java.util.List.of(solver.nextAuction().orderId(), solver.nextAuction().orderId()))
        .containsExactlyInAnyOrderElementsOf(events.stream().map(e -> e.id()).toList());
  }

  @Test
  void messagesQueuedBeforeTheWelcomeGoOutTogetherInOneFrame() {
    hub.markRegistered(KEY.address());
    SessionLink link =
        new SessionLink(
            HttpClient.newHttpClient(), hub.uri(), KEY, HubStandIn.DOMAIN, () -> -1, idle(), CODEC);
    link.send(decline(1));
    link.send(decline(2));
    link.send(decline(3));
    try {
      link.start();

      assertThat(hub.nextFrame()).containsExactly("decline", "decline", "decline");
      for (int n = 1; n <= 3; n++) {
        assertThat(hub.nextInbound().message().path("orderId").asText())
            .isEqualTo(order(n).toHex());
      }
    } finally {
      link.close();
    }
  }

  static SessionMessage decline(int n) {
    return new SessionMessage.Decline(order(n));
  }

  static SessionLink.Handler idle() {
    return new SessionLink.Handler() {
      @Override
      public void onWelcome(long after) {}

      @Override
      public void onMessage(SessionMessage message) {}

      @Override
      public void onDown() {}
    };
  }
}
