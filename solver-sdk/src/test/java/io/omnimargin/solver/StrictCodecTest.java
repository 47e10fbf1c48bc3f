package io.omnimargin.solver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omnimargin.protocol.session.MalformedMessage;
import io.omnimargin.protocol.session.SessionMessage;
import org.junit.jupiter.api.Test;

/** The SDK reads the hub's messages strictly: a member named twice is not its last value. */
class StrictCodecTest {
  private static final String ORDER = "0x" + "ab".repeat(32);

  @Test
  void aMemberNamedTwiceIsMalformed() {
    String twice =
        "{\"type\":\"fill-result\",\"orderId\":\""
            + ORDER
            + "\",\"outcome\":\"FADED\",\"outcome\":\"FILLED\"}";
    assertThatThrownBy(() -> SolverClient.CODEC.decode(twice))
        .isInstanceOf(MalformedMessage.class)
        .extracting(e -> ((MalformedMessage) e).kind())
        .isEqualTo(MalformedMessage.Kind.MALFORMED_JSON);
  }

  @Test
  void aMessageNamingEachMemberOnceReads() {
    String once = "{\"type\":\"fill-result\",\"orderId\":\"" + ORDER + "\",\"outcome\":\"FILLED\"}";
    assertThat(SolverClient.CODEC.decode(once)).isInstanceOf(SessionMessage.FillResult.class);
  }
}
