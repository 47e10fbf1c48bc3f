package io.omnimargin.hub.auction;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.omnimargin.protocol.session.SessionCodec;
import io.omnimargin.protocol.session.SessionMessage.FeedEvent;
import io.omnimargin.protocol.types.Address;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A solver that reconnects gets what was announced while it was away, and only its own awards. */
class SolverFeedTest {
  static final Address A = Address.parse("0x00000000000000000000000000000000000000a1");
  static final Address B = Address.parse("0x00000000000000000000000000000000000000b2");

  static FeedEvent event(String type, String order) {
    return new FeedEvent(
        0, type, order, "ETH-PERP", "BUY", "1", "1", "1", 0, 0, null, null, null, null);
  }

  @Test
  void aReconnectResumesAfterTheLastEventSeen() {
    SolverFeed feed = new SolverFeed(new SessionCodec(new ObjectMapper()));
    List<FeedEvent> first = new ArrayList<>();
    Runnable disconnect = feed.connect(A, 0, first::add);
    feed.publish(event("auction", "o1"), null);
    disconnect.run();
    assertThat(feed.connected()).isEmpty();

    feed.publish(event("auction", "o2"), null); // while A is away
    feed.publish(event("award", "o1"), A);
    feed.publish(event("award", "o9"), B); // not A's

    List<FeedEvent> resumed = new ArrayList<>();
    feed.connect(A, first.get(first.size() - 1).seq(), resumed::add);
    assertThat(resumed).extracting(FeedEvent::orderId).containsExactly("o2", "o1");
    assertThat(resumed).extracting(FeedEvent::type).containsExactly("auction", "award");
    feed.publish(event("auction", "o3"), null);
    assertThat(resumed).hasSize(3);
    assertThat(feed.connected()).containsExactly(A);

    List<FeedEvent> fresh = new ArrayList<>();
    long[] from = {-1};
    feed.connect(B, -1, f -> from[0] = f, fresh::add); // a new client: nothing replayed
    assertThat(fresh).isEmpty();
    assertThat(from[0]).isEqualTo(resumed.get(2).seq()); // "now" is the latest event
  }

  @Test
  void aSolverResumingWithANumberFromTheFormerOwnerGetsEverythingTheSuccessorPublished() {
    SolverFeed former = new SolverFeed(new SessionCodec(new ObjectMapper()));
    for (int i = 0; i < 50; i++) {
      former.publish(event("auction", "old" + i), null);
    }
    List<FeedEvent> seen = new ArrayList<>();
    former.connect(A, 0, seen::add);
    long last = seen.get(seen.size() - 1).seq();

    SolverFeed successor = new SolverFeed(new SessionCodec(new ObjectMapper()));
    successor.advanceTo(2L << 40); // epoch 2's numbers
    successor.publish(event("auction", "o1"), null); // a restored auction
    successor.publish(event("auction", "o2"), null);
    successor.advanceTo(1L << 40); // never backwards

    List<FeedEvent> resumed = new ArrayList<>();
    successor.connect(A, last, resumed::add);
    assertThat(resumed).extracting(FeedEvent::orderId).containsExactly("o1", "o2");
    assertThat(resumed.get(0).seq()).isGreaterThan(last).isEqualTo((2L << 40) + 1);
    successor.publish(event("auction", "o3"), null);
    assertThat(resumed.get(2).seq()).isEqualTo((2L << 40) + 3);
  }

  @Test
  void aConnectionSaysWhichEventsItsStreamIsSent() {
    SolverFeed feed = new SolverFeed(new SessionCodec(new ObjectMapper()));
    List<SolverFeed.Connection> opened = new ArrayList<>();
    feed.onConnect(opened::add);
    long first = feed.publish(event("auction", "o1"), null);
    long second = feed.publish(event("auction", "o2"), null);

    List<FeedEvent> resumed = new ArrayList<>();
    feed.connect(A, first, resumed::add);
    SolverFeed.Connection a = opened.get(0);
    assertThat(a.solver()).isEqualTo(A);
    assertThat(a.hears(first)).isFalse();
    assertThat(a.hears(second)).isTrue();
    assertThat(resumed).extracting(FeedEvent::seq).containsExactly(second); // as it says

    feed.connect(B, -1, e -> {});
    SolverFeed.Connection b = opened.get(1);
    assertThat(b.hears(first) || b.hears(second)).as("from now: nothing before").isFalse();
    assertThat(b.hears(feed.publish(event("auction", "o3"), null))).isTrue();

    // a resume from before what the feed keeps misses the events it dropped
    for (int i = 0; i < 10_001; i++) {
      feed.publish(event("auction", "n" + i), null);
    }
    List<FeedEvent> late = new ArrayList<>();
    feed.connect(A, first, late::add);
    SolverFeed.Connection c = opened.get(2);
    assertThat(c.hears(second)).isFalse();
    assertThat(c.hears(late.get(0).seq())).isTrue();
    assertThat(c.hears(late.get(0).seq() - 1)).isFalse();
  }
}
