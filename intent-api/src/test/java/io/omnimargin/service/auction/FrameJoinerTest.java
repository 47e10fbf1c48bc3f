package io.omnimargin.service.auction;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Frames into messages without a server: what Vert.x 4.5's own joining could not do (a message
 * whose first fragment is empty threw and wedged the session; found by the hostile-input fuzzer),
 * and the size limit over fragments.
 */
class FrameJoinerTest {
  private final FrameJoiner joiner = new FrameJoiner(16);

  @Test
  void aMessageWhoseFirstFragmentIsEmptyIsJoined() {
    assertThat(joiner.add(WebSocketFrame.textFrame("", false))).isEmpty();
    assertThat(joiner.add(WebSocketFrame.continuationFrame(Buffer.buffer("{\"a\""), false)))
        .isEmpty();
    assertThat(joiner.add(WebSocketFrame.continuationFrame(Buffer.buffer(":1}"), true)))
        .contains(new FrameJoiner.Joined.Text("{\"a\":1}"));
    // and the next message starts afresh
    assertThat(joiner.add(WebSocketFrame.textFrame("{}", true)))
        .contains(new FrameJoiner.Joined.Text("{}"));
  }

  @Test
  void aMessagePastTheLimitOverSeveralFragmentsIsTooLarge() {
    assertThat(joiner.add(WebSocketFrame.textFrame("x".repeat(10), false))).isEmpty();
    assertThat(joiner.add(WebSocketFrame.continuationFrame(Buffer.buffer("x".repeat(7)), false)))
        .contains(new FrameJoiner.Joined.TooLarge());
    // the rest of it is dropped
    assertThat(joiner.add(WebSocketFrame.continuationFrame(Buffer.buffer("x"), true))).isEmpty();
  }

  @Test
  void aBinaryMessageIsReportedAsSuch() {
    Optional<FrameJoiner.Joined> joined =
        joiner.add(WebSocketFrame.binaryFrame(Buffer.buffer(new byte[] {1, 2}), true));
    assertThat(joined).containsInstanceOf(FrameJoiner.Joined.Binary.class);
  }

  @Test
  void textThatIsNotUtf8IsReportedNotReplaced() {
    assertThat(joiner.add(WebSocketFrame.textFrame("{", false))).isEmpty();
    Buffer invalid = Buffer.buffer(new byte[] {(byte) 0xc3, 0x28, '}'});
    assertThat(joiner.add(WebSocketFrame.continuationFrame(invalid, true)))
        .containsInstanceOf(FrameJoiner.Joined.NotUtf8.class);
  }

  @Test
  void controlFramesAndStrayContinuationsAreNotMessages() {
    assertThat(joiner.add(WebSocketFrame.pingFrame(Buffer.buffer("p")))).isEmpty();
    assertThat(joiner.add(WebSocketFrame.continuationFrame(Buffer.buffer("x"), true))).isEmpty();
  }
}
